package com.payflow.transaction.dashboard;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's actions, proxied by the dashboard backend to the services that own them, each with
 * the operator key of the logged-in session (the dashboard itself only knows the key's hash): a
 * full ledger verification ({@code POST /api/v1/chain/verify} on ledger-service, operator-only, run
 * in the background: its state is pushed with the stream) and a dead-letter replay ({@code POST
 * /api/v1/admin/dead-letters/replay} on settlement-consumer).
 */
final class OperatorActions {

  private static final Logger log = LoggerFactory.getLogger(OperatorActions.class);

  /**
   * The last verification started from a dashboard of this instance.
   *
   * @param state {@code none}, {@code running}, {@code done} or {@code failed}
   * @param valid the ledger's verdict (null unless done)
   * @param report the ledger's report, problems cut to the first five (null unless done)
   */
  record Verification(
      String state,
      Boolean valid,
      Instant startedAt,
      Instant finishedAt,
      String error,
      Map<String, Object> report) {}

  /** The last replay started from a dashboard of this instance. */
  record Replay(String topic, String state, Integer replayed, String error, Instant at) {}

  private final DashboardProperties properties;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpClient http;
  private final AtomicReference<Verification> verification =
      new AtomicReference<>(new Verification("none", null, null, null, null, null));
  private volatile Replay replay;

  OperatorActions(DashboardProperties properties, JsonMapper json, Clock clock) {
    this.properties = properties;
    this.json = json;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(properties.httpTimeoutMs()))
            .build();
  }

  /** The last verification. */
  Verification verification() {
    return verification.get();
  }

  /** The last replay, or null. */
  Replay replay() {
    return replay;
  }

  /**
   * Starts a verification with the operator key of the dashboard request being served (put there by
   * {@link DashboardLoginFilter}) unless one runs; returns false when one is already running.
   */
  boolean startVerification() {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    Object key =
        request == null
            ? null
            : request.getAttribute(
                DashboardLoginFilter.OPERATOR_KEY, RequestAttributes.SCOPE_REQUEST);
    return startVerification(key instanceof String operatorKey ? operatorKey : null);
  }

  /**
   * Starts a verification with {@code operatorKey} unless one runs; returns false when one is
   * already running. Without a key it fails at once: ledger-service runs it for the operator only.
   */
  boolean startVerification(String operatorKey) {
    Verification current = verification.get();
    if ("running".equals(current.state())) {
      return false;
    }
    Verification running = new Verification("running", null, clock.instant(), null, null, null);
    if (!verification.compareAndSet(current, running)) {
      return false;
    }
    if (operatorKey == null || operatorKey.isBlank()) {
      verification.set(
          failed(
              running,
              "no operator key in this dashboard session (log in"
                  + " again): ledger-service verifies for the operator only"));
      return true;
    }
    Thread.ofVirtual()
        .name("dashboard-verify")
        .start(() -> verification.set(verify(running, operatorKey)));
    return true;
  }

  private Verification verify(Verification running, String operatorKey) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(properties.ledgerUrl() + "/api/v1/chain/verify"))
                  .timeout(Duration.ofMillis(properties.verifyTimeoutMs()))
                  .header("X-Api-Key", operatorKey)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return failed(running, refusal(response));
      }
      JsonNode report = json.readTree(response.body());
      Map<String, Object> summary = new LinkedHashMap<>();
      for (String field :
          new String[] {
            "valid",
            "headHeight",
            "blocksChecked",
            "batchesChecked",
            "transactionsChecked",
            "pendingTransactions",
            "firstBrokenHeight",
            "firstBrokenShard",
            "firstBrokenBatchSeq",
            "firstBrokenTransaction",
            "problemsTruncated",
            "elapsedMs",
            "transactionsPerSecond"
          }) {
        JsonNode value = report.get(field);
        summary.put(
            field,
            value == null || value.isNull()
                ? null
                : value.isNumber()
                    ? value.numberValue()
                    : value.isBoolean() ? value.asBoolean() : value.asString());
      }
      java.util.List<Object> problems = new java.util.ArrayList<>();
      for (JsonNode problem : report.path("problems")) {
        if (problems.size() >= 5) {
          break;
        }
        problems.add(json.convertValue(problem, Map.class));
      }
      summary.put("problems", problems);
      boolean valid = report.path("valid").asBoolean(false);
      if (!valid) {
        log.warn("ledger verification from the dashboard found problems: {}", summary);
      }
      return new Verification("done", valid, running.startedAt(), clock.instant(), null, summary);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return failed(running, "interrupted");
    } catch (Exception unavailable) {
      return failed(running, ShardMonitor.rootMessage(unavailable));
    }
  }

  /**
   * Why ledger-service did not verify: 409 when a run (from anywhere) is in progress on that
   * instance, 401/403 when it did not take the session's key for the operator's.
   */
  private String refusal(HttpResponse<String> response) {
    String detail = "";
    try {
      detail =
          response.body().isBlank()
              ? ""
              : json.readTree(response.body()).path("detail").asString("");
    } catch (RuntimeException notJson) {
      // No problem+json (a proxy's page): the status says enough.
    }
    String why =
        switch (response.statusCode()) {
          case 409 ->
              "a verification is already running on ledger-service (its report will be at"
                  + " GET /api/v1/chain/verification)";
          case 401, 403 ->
              "ledger-service did not accept the session's key as the operator's"
                  + " (PAYFLOW_OPERATOR_KEY_SHA256 must be the same for both services)";
          default -> null;
        };
    return "ledger-service answered HTTP "
        + response.statusCode()
        + (why == null ? "" : ": " + why)
        + (detail.isEmpty() ? "" : " — " + detail);
  }

  private Verification failed(Verification running, String error) {
    return new Verification("failed", null, running.startedAt(), clock.instant(), error, null);
  }

  /** Replays dead letters of {@code sourceTopic} with the session's operator key. */
  Replay replay(String sourceTopic, String operatorKey) {
    Replay result;
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          properties.settlementUrl()
                              + "/api/v1/admin/dead-letters/replay?topic="
                              + URLEncoder.encode(sourceTopic, StandardCharsets.UTF_8)
                              + "&max="
                              + properties.replayMax()))
                  .timeout(Duration.ofSeconds(30))
                  .header("X-Api-Key", operatorKey)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        result =
            new Replay(
                sourceTopic,
                "done",
                json.readTree(response.body()).path("replayed").asInt(),
                null,
                clock.instant());
      } else {
        String detail =
            response.body().isBlank()
                ? ""
                : json.readTree(response.body()).path("detail").asString("");
        result =
            new Replay(
                sourceTopic,
                "failed",
                null,
                "settlement-consumer answered HTTP "
                    + response.statusCode()
                    + (detail.isEmpty() ? "" : ": " + detail),
                clock.instant());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      result = new Replay(sourceTopic, "failed", null, "interrupted", clock.instant());
    } catch (Exception unavailable) {
      result =
          new Replay(
              sourceTopic, "failed", null, ShardMonitor.rootMessage(unavailable), clock.instant());
    }
    log.info("dead-letter replay of {} from the dashboard: {}", sourceTopic, result);
    replay = result;
    return result;
  }
}
