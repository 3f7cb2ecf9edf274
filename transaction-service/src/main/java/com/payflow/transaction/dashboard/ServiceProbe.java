package com.payflow.transaction.dashboard;

import com.payflow.redis.RedisSession;
import com.payflow.transaction.dashboard.PrometheusText.Sample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code probe-interval-ms}, in parallel and each bounded by {@code http-timeout-ms}: the
 * health of every service instance ({@code /actuator/health}), the gateways' and ledger's metrics
 * ({@code /actuator/prometheus}: intake, circuit breakers, block lag), the ledger head, Nginx
 * ({@code /nginx-health}) and Redis (PING).
 */
final class ServiceProbe {

  /** One instance or dependency: {@code UP}, {@code DOWN} or another actuator status. */
  record Health(
      String name, String kind, String target, String status, String detail, long latencyMs) {}

  /** A circuit breaker of a gateway instance. */
  record Breaker(String instance, String name, String state) {}

  /** The ledger head and how far block production is behind. */
  record Ledger(
      boolean up,
      String error,
      long height,
      String headTimestamp,
      long headAgeMs,
      long logSize,
      long blockLagMs) {}

  /** Everything read in one round. */
  record View(
      List<Health> health,
      List<Breaker> breakers,
      Ledger ledger,
      boolean intakeHistogram,
      long readAt) {}

  private record Instance(String name, String kind, String url, boolean scrape) {}

  private static final Set<String> GATEWAY_METRICS;

  static {
    Set<String> names = new HashSet<>(IntakeLatency.NAMES);
    names.add("resilience4j_circuitbreaker_state");
    GATEWAY_METRICS = Set.copyOf(names);
  }

  private static final Set<String> LEDGER_METRICS = Set.of("ledger_block_lag_ms");

  private final DashboardProperties properties;
  private final RedisSession redis;
  private final SecondSeries series;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpClient http;
  private final Duration timeout;
  private final List<Instance> instances = new ArrayList<>();
  private final IntakeLatency intake = new IntakeLatency();
  private volatile View view =
      new View(
          List.of(), List.of(), new Ledger(false, "not read yet", 0, null, -1, 0, -1), false, 0);

  ServiceProbe(
      DashboardProperties properties,
      RedisSession redis,
      SecondSeries series,
      JsonMapper json,
      Clock clock) {
    this.properties = properties;
    this.redis = redis;
    this.series = series;
    this.json = json;
    this.clock = clock;
    this.timeout = Duration.ofMillis(properties.httpTimeoutMs());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
            .build();
    List<String> gateways = properties.gateways();
    for (int i = 0; i < gateways.size(); i++) {
      instances.add(new Instance("gateway-" + (i + 1), "service", gateways.get(i), true));
    }
    instances.add(
        new Instance("transaction-service", "service", properties.transactionUrl(), false));
    instances.add(
        new Instance("settlement-consumer", "service", properties.settlementUrl(), false));
    instances.add(new Instance("ledger-service", "service", properties.ledgerUrl(), true));
  }

  /** Starts the loop. */
  void start(Loops loops) {
    loops.every("probe", properties.probeIntervalMs(), this::round);
  }

  /** The latest round's view. */
  View view() {
    return view;
  }

  /** One round. */
  void round() {
    List<CompletableFuture<Health>> checks = new ArrayList<>();
    List<CompletableFuture<String>> scrapes = new ArrayList<>();
    for (Instance instance : instances) {
      checks.add(health(instance));
      scrapes.add(
          instance.scrape()
              ? get(instance.url() + "/actuator/prometheus")
              : CompletableFuture.completedFuture(null));
    }
    CompletableFuture<Health> nginx =
        timed(
            "nginx",
            "dependency",
            properties.nginxUrl(),
            get(properties.nginxUrl() + "/nginx-health").thenApply(body -> "UP"));
    CompletableFuture<String> head = get(properties.ledgerUrl() + "/api/v1/chain/head");
    Health redisHealth = redis();

    List<Health> health = new ArrayList<>();
    List<Breaker> breakers = new ArrayList<>();
    long blockLag = -1;
    boolean histogram = false;
    for (int i = 0; i < instances.size(); i++) {
      Instance instance = instances.get(i);
      health.add(checks.get(i).join());
      if (!instance.scrape()) {
        continue;
      }
      String text = joinQuietly(scrapes.get(i));
      if (instance.name().startsWith("gateway")) {
        if (text == null) {
          intake.forget(instance.name());
          continue;
        }
        List<Sample> samples = PrometheusText.parse(text, GATEWAY_METRICS);
        intake.add(instance.name(), samples);
        histogram |= samples.stream().anyMatch(s -> s.name().equals(IntakeLatency.BUCKET));
        for (Sample sample : samples) {
          if (sample.name().equals("resilience4j_circuitbreaker_state") && sample.value() > 0) {
            breakers.add(new Breaker(instance.name(), sample.label("name"), sample.label("state")));
          }
        }
      } else if (text != null) {
        for (Sample sample : PrometheusText.parse(text, LEDGER_METRICS)) {
          blockLag = Math.round(sample.value());
        }
      }
    }
    health.add(nginx.join());
    health.add(redisHealth);
    IntakeLatency.Delta delta = intake.drain();
    long second = clock.millis() / 1000;
    series.addRefused(second, delta.refused());
    series.setIntake(second, delta.p50Seconds(), delta.p99Seconds(), delta.meanSeconds());
    view =
        new View(
            List.copyOf(health),
            List.copyOf(breakers),
            ledger(head, blockLag),
            histogram,
            clock.millis());
  }

  private Ledger ledger(CompletableFuture<String> head, long blockLag) {
    try {
      String body = head.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
      JsonNode node = json.readTree(body);
      String timestamp = node.path("timestamp").asString(null);
      long age =
          timestamp == null
              ? -1
              : Math.max(0, clock.millis() - Instant.parse(timestamp).toEpochMilli());
      return new Ledger(
          true,
          null,
          node.path("height").asLong(),
          timestamp,
          age,
          node.path("logSize").asLong(),
          blockLag);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Ledger(false, "interrupted", 0, null, -1, 0, blockLag);
    } catch (Exception unavailable) {
      String message = ShardMonitor.rootMessage(unavailable);
      return new Ledger(
          false, message.contains("404") ? "no block yet" : message, 0, null, -1, 0, blockLag);
    }
  }

  private CompletableFuture<Health> health(Instance instance) {
    return timed(
        instance.name(),
        instance.kind(),
        instance.url(),
        get(instance.url() + "/actuator/health")
            .thenApply(
                body -> {
                  String status = json.readTree(body).path("status").asString("UNKNOWN");
                  return status;
                }));
  }

  private CompletableFuture<Health> timed(
      String name, String kind, String target, CompletableFuture<String> status) {
    long started = System.nanoTime();
    return status.handle(
        (value, failure) -> {
          long ms = (System.nanoTime() - started) / 1_000_000;
          if (failure != null) {
            return new Health(name, kind, target, "DOWN", ShardMonitor.rootMessage(failure), ms);
          }
          return new Health(name, kind, target, value, null, ms);
        });
  }

  private Health redis() {
    long started = System.nanoTime();
    try {
      String pong = redis.sync().ping();
      return new Health(
          "redis",
          "dependency",
          "redis",
          "PONG".equals(pong) ? "UP" : "DOWN",
          null,
          (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException unavailable) {
      return new Health(
          "redis",
          "dependency",
          "redis",
          "DOWN",
          ShardMonitor.rootMessage(unavailable),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** GET {@code url}: the body of a 2xx answer, else a failed future naming the status. */
  private CompletableFuture<String> get(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    // Retried once on an I/O error: a pooled keep-alive connection the server closed fails
    // before the request was processed.
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .exceptionallyCompose(
            failure ->
                unwrap(failure) instanceof java.io.IOException
                    ? http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    : CompletableFuture.failedFuture(failure))
        .thenApply(
            response -> {
              if (response.statusCode() / 100 != 2) {
                // actuator health answers 503 with a body when DOWN/OUT_OF_SERVICE
                if (url.endsWith("/actuator/health") && response.statusCode() == 503) {
                  return response.body();
                }
                throw new IllegalStateException("HTTP " + response.statusCode());
              }
              return response.body();
            });
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static String joinQuietly(CompletableFuture<String> future) {
    try {
      return future.join();
    } catch (RuntimeException failed) {
      return null;
    }
  }

  /** Instance names and base URLs (for the page's health list). */
  Map<String, String> targets() {
    Map<String, String> targets = new java.util.LinkedHashMap<>();
    instances.forEach(instance -> targets.put(instance.name(), instance.url()));
    return targets;
  }
}
