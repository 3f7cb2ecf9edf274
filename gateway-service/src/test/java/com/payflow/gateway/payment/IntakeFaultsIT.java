package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.gateway.GatewayApplication;
import com.payflow.testsupport.PrivateRedis;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.RunningPlatform;
import com.payflow.testsupport.Signals;
import com.payflow.testsupport.TestTopics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Faults injected for real between the steps of one intake (issue 14 §1): a Redis of the test's own
 * is frozen (SIGSTOP) after Kafka acknowledged and before the completion; the project's Kafka
 * broker is frozen during a send. What the client is told must be true: a payment in Kafka is 202,
 * a send without an answer is outcome-unknown with the hold kept, and the retry with the same key
 * converges on the same transaction id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeFaultsIT {

  private static final long START_BALANCE = 100_000;
  private static final Pattern TX_ID = Pattern.compile("\"transactionId\":\"([0-9a-f-]{36})\"");

  /** The producer holds records this long before sending: the window to freeze Redis in. */
  private static final int LINGER_MS = 1500;

  private static final Duration AWAIT = Duration.ofSeconds(20);

  private final String client = "faults-" + UUID.randomUUID().toString().substring(0, 8);
  private final String apiKey = "key-" + UUID.randomUUID();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
  private PrivateRedis privateRedis;
  private RedisClient redisClient;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> redis;
  private TestTopics topics;
  private String topic;

  @BeforeAll
  void start() throws Exception {
    privateRedis = PrivateRedis.start();
    redisClient = RedisClient.create(privateRedis.uri());
    connection = redisClient.connect();
    redis = connection.sync();
    redis.hset(RedisKeys.API_KEYS, ApiKeyHash.of(apiKey), client);
    redis.set(RedisKeys.CACHE_READY, "1");
    topics = TestTopics.create();
    topic = topics.topic("payments.submitted", 2);
  }

  @AfterAll
  void stop() throws Exception {
    apps.forEach(ConfigurableApplicationContext::close);
    if (connection != null) {
      connection.close();
      redisClient.shutdown();
    }
    if (privateRedis != null) {
      privateRedis.close();
    }
    if (topics != null) {
      topics.close();
    }
  }

  @Test
  void redisFrozenAfterTheKafkaAck_isStill202_andTheBookkeepingCompletesLater() throws Exception {
    assumeTrue(privateRedis.pausable(), "needs redis-server as a child process to freeze");
    ConfigurableApplicationContext app =
        startGateway(
            Map.of(
                "spring.kafka.producer.properties.linger.ms", Integer.toString(LINGER_MS),
                "spring.kafka.producer.properties.delivery.timeout.ms", "6000",
                "payflow.gateway.send-timeout-ms", "5000",
                "payflow.gateway.redis-timeout-ms", "300"));
    String gateway = baseUrl(app);
    String payer = account(START_BALANCE);
    String key = UUID.randomUUID().toString();

    CompletableFuture<HttpResponse<String>> answer =
        CompletableFuture.supplyAsync(() -> post(gateway, key, body(payer, 700)));
    awaitHold(payer);
    // The hold is taken and the record waits in the producer for LINGER_MS: freeze Redis now, so
    // the ack arrives while every Redis command of the completion times out.
    privateRedis.pause();
    HttpResponse<String> accepted;
    try {
      accepted = answer.get(AWAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      privateRedis.resume();
    }

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String txId = txId(accepted.body());
    assertThat(
            app.getBean(MeterRegistry.class).counter("payflow.intake.completion.deferred").count())
        .as("the completion failed while Redis was frozen")
        .isPositive();
    // Completed in the background once Redis answers again: the record is DONE (replays answer
    // the stored 202) and the status names its submitter.
    awaitEquals(() -> redis.hget(idempotencyKey(payer, key), "state"), "DONE");
    assertThat(redis.hgetall(RedisKeys.status(TxId.parse(txId))))
        .containsEntry("status", "ACCEPTED")
        .containsEntry("client", client)
        .containsEntry("payer", payer);
    HttpResponse<String> replay = post(gateway, key, body(payer, 700));
    assertThat(replay.statusCode()).isEqualTo(202);
    assertThat(replay.body()).isEqualTo(accepted.body());
    assertThat(recordsFor(payer))
        .extracting(PaymentSubmitted::txId)
        .extracting(Object::toString)
        .containsExactly(txId);
    assertThat(available(payer)).isEqualTo(START_BALANCE - 700);
  }

  @Test
  void redisFrozenDuringTheHold_isTemporarilyUnavailable_andTheLateHoldIsUndone() throws Exception {
    assumeTrue(privateRedis.pausable(), "needs redis-server as a child process to freeze");
    ConfigurableApplicationContext app =
        startGateway(Map.of("payflow.gateway.redis-timeout-ms", "300"));
    String gateway = baseUrl(app);
    String payer = account(START_BALANCE);
    String key = UUID.randomUUID().toString();

    HttpResponse<String> unavailable;
    privateRedis.pause();
    try {
      unavailable = post(gateway, key, body(payer, 900));
    } finally {
      privateRedis.resume();
    }

    assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
    assertThat(unavailable.body()).contains("/problems/temporarily-unavailable");
    // Redis ran the hold after the answer; the abandon queued behind it undid it: no hold, no
    // record, the funds available, nothing queued.
    awaitEquals(() -> Long.toString(available(payer)), Long.toString(START_BALANCE));
    assertThat(redis.hlen(RedisKeys.holds(AccountId.of(payer)))).isZero();
    assertThat(redis.exists(idempotencyKey(payer, key))).isZero();
    assertThat(recordsFor(payer)).isEmpty();
    // The retry is a new attempt, answered at once (no 409 while a stale record waits).
    HttpResponse<String> retried = post(gateway, key, body(payer, 900));
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    assertThat(available(payer)).isEqualTo(START_BALANCE - 900);
  }

  @Test
  void brokerFrozenDuringTheSend_isOutcomeUnknown_keepsTheHold_andTheRetryConverges()
      throws Exception {
    OptionalLong broker = RunningPlatform.fromRunFolder().kafkaPid();
    assumeTrue(broker.isPresent(), "needs the Kafka broker ./platform up started");
    ConfigurableApplicationContext app =
        startGateway(Map.of("payflow.gateway.send-timeout-ms", "700"));
    String gateway = baseUrl(app);
    String payer = account(START_BALANCE);
    // Metadata and connection in place first, so the frozen broker meets a record in flight.
    assertThat(post(gateway, UUID.randomUUID().toString(), body(payer, 1)).statusCode())
        .isEqualTo(202);
    String key = UUID.randomUUID().toString();

    HttpResponse<String> unknown;
    Signals.stop(broker.getAsLong());
    try {
      unknown = post(gateway, key, body(payer, 500));
    } finally {
      Signals.resume(broker.getAsLong());
    }

    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(503);
    assertThat(unknown.body()).contains("/problems/outcome-unknown");
    assertThat(unknown.headers().firstValue("Retry-After")).isPresent();
    String txId = txId(unknown.body());
    // The payment may settle: its hold stays, and the record says the outcome is unknown.
    assertThat(available(payer)).isEqualTo(START_BALANCE - 1 - 500);
    assertThat(redis.hget(idempotencyKey(payer, key), "state")).isEqualTo("UNKNOWN");
    assertThat(redis.hget(RedisKeys.status(TxId.parse(txId)), "status"))
        .isEqualTo("OUTCOME_UNKNOWN");

    // The retry resumes at once with the same tx id and the same hold.
    HttpResponse<String> retried = post(gateway, key, body(payer, 500));
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    assertThat(txId(retried.body())).isEqualTo(txId);
    assertThat(available(payer)).isEqualTo(START_BALANCE - 1 - 500);
    assertThat(redis.hlen(RedisKeys.holds(AccountId.of(payer)))).isEqualTo(2);
    awaitEquals(() -> redis.hget(RedisKeys.status(TxId.parse(txId)), "status"), "ACCEPTED");
    // The frozen send may have been delivered after all: then Kafka holds it twice, under one tx
    // id, which settlement books once (SettlementIT covers the de-duplication).
    List<String> sent =
        recordsFor(payer).stream()
            .filter(record -> record.amount().value() == 500)
            .map(record -> record.txId().toString())
            .toList();
    assertThat(sent).isNotEmpty().allMatch(txId::equals).hasSizeLessThanOrEqualTo(2);
  }

  // --- helpers ---------------------------------------------------------------------------

  private ConfigurableApplicationContext startGateway(Map<String, String> overrides) {
    Map<String, String> properties =
        new HashMap<>(
            Map.of(
                "server.port",
                "0",
                "spring.kafka.bootstrap-servers",
                RealServers.get().kafkaBootstrap(),
                "payflow.gateway.redis-uri",
                privateRedis.uri(),
                "payflow.gateway.submitted-topic",
                topic));
    properties.putAll(overrides);
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(GatewayApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    apps.add(app);
    return app;
  }

  private static String baseUrl(ConfigurableApplicationContext app) {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  private String account(long available) {
    String id = client + "-" + UUID.randomUUID().toString().substring(0, 8);
    redis.hset(
        RedisKeys.balance(AccountId.of(id)),
        Map.of("avail", Long.toString(available), "cur", "EUR", "owner", client, "status", "OPEN"));
    return id;
  }

  private long available(String account) {
    return Long.parseLong(redis.hget(RedisKeys.balance(AccountId.of(account)), "avail"));
  }

  private String idempotencyKey(String payer, String key) {
    return RedisKeys.idempotency(AccountId.of(payer), ClientId.of(client), Fingerprints.key(key));
  }

  private void awaitHold(String payer) throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (redis.hlen(RedisKeys.holds(AccountId.of(payer))) == 0) {
      assertThat(System.nanoTime()).as("hold taken in time").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static void awaitEquals(java.util.function.Supplier<String> actual, String expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!expected.equals(actual.get()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(actual.get()).isEqualTo(expected);
  }

  private static String txId(String body) {
    Matcher id = TX_ID.matcher(body);
    assertThat(id.find()).as("transaction id in %s", body).isTrue();
    return id.group(1);
  }

  private static String body(String payer, long value) {
    return "{\"payer\":\""
        + payer
        + "\",\"payee\":\"bob-x\",\"amount\":{\"value\":"
        + value
        + ",\"currency\":\"EUR\"},\"reference\":\"faults\"}";
  }

  private HttpResponse<String> post(String base, String idempotencyKey, String body) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(base + "/api/v1/payments"))
              .header("X-Api-Key", apiKey)
              .header("Idempotency-Key", idempotencyKey)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException failed) {
      throw new java.io.UncheckedIOException(failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  /** Every record on the test topic whose payer is {@code payer}. */
  private List<PaymentSubmitted> recordsFor(String payer) {
    return SubmittedRecords.ofPayer(topic, payer);
  }
}
