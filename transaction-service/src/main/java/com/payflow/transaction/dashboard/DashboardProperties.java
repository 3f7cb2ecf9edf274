package com.payflow.transaction.dashboard;

import com.payflow.contracts.event.DeadLetterTopics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operations dashboard ({@code /dashboard}, docs/dashboard.md): where its data comes from and
 * how often it is read.
 *
 * @param enabled whether the collectors run and the page is served
 * @param pushIntervalMs one SSE event per open page every this many ms
 * @param historySeconds length of the time series kept in memory (1 s resolution)
 * @param servicesHost host of the services' own ports (actuator, admin APIs)
 * @param gatewayPorts gateway instance ports, space or comma separated ({@code GATEWAY_PORTS});
 *     ignored when {@code gatewayUrls} is set
 * @param gatewayUrls gateway instance base URLs, comma separated (overrides the ports)
 * @param transactionUrl this service's own base URL as the other services see it
 * @param settlementUrl settlement-consumer base URL (health, metrics, dead-letter replay)
 * @param ledgerUrl ledger-service base URL (head, verification, proofs)
 * @param nginxUrl Nginx base URL ({@code /nginx-health})
 * @param httpTimeoutMs timeout of one health/metrics/head request
 * @param probeIntervalMs pause between two rounds of health checks and metric scrapes
 * @param kafkaIntervalMs pause between two reads of consumer lag and topic offsets
 * @param tailIntervalMs pause between two reads of new shard transactions
 * @param tailMaxRows most rows read per shard per tail read (a backlog is read over several)
 * @param tailBackfillRows rows per shard read at start, so the charts begin with history
 * @param balanceIntervalMs pause between two Σ-balance reads (one GROUP BY over accounts per shard)
 * @param idleIntervalMs pause of every collector while no dashboard page is open (the intervals
 *     above apply while one is)
 * @param recentSize recent payments kept for the table
 * @param lagGroups consumer groups whose lag per partition is shown
 * @param submittedTopic topic whose end offsets count submitted payments
 * @param deadLetterTopics dead-letter topics (source topic + {@code .DLT})
 * @param deadLetterCauses newest dead-letter causes shown per topic
 * @param sessionTtlMinutes lifetime of a login
 * @param sessionSecret key material of the login cookie; empty: derived from the operator key hash,
 *     so every instance with the same operator key accepts the same cookie
 * @param verifyTimeoutMs longest a chain verification started from the page may take
 * @param replayMax dead letters re-published per replay action
 */
@ConfigurationProperties("payflow.dashboard")
public record DashboardProperties(
    boolean enabled,
    long pushIntervalMs,
    int historySeconds,
    String servicesHost,
    String gatewayPorts,
    String gatewayUrls,
    String transactionUrl,
    String settlementUrl,
    String ledgerUrl,
    String nginxUrl,
    long httpTimeoutMs,
    long probeIntervalMs,
    long kafkaIntervalMs,
    long tailIntervalMs,
    int tailMaxRows,
    int tailBackfillRows,
    long balanceIntervalMs,
    long idleIntervalMs,
    int recentSize,
    List<String> lagGroups,
    String submittedTopic,
    List<String> deadLetterTopics,
    int deadLetterCauses,
    long sessionTtlMinutes,
    String sessionSecret,
    long verifyTimeoutMs,
    int replayMax) {

  /** Validates every bound, naming the property to change. */
  public DashboardProperties {
    require(pushIntervalMs >= 200 && pushIntervalMs <= 10_000, "push-interval-ms 200..10000");
    require(historySeconds >= 60 && historySeconds <= 86_400, "history-seconds 60..86400");
    require(httpTimeoutMs >= 100 && httpTimeoutMs <= 30_000, "http-timeout-ms 100..30000");
    require(probeIntervalMs >= 200, "probe-interval-ms >= 200");
    require(kafkaIntervalMs >= 200, "kafka-interval-ms >= 200");
    require(tailIntervalMs >= 100, "tail-interval-ms >= 100");
    require(tailMaxRows >= 1 && tailMaxRows <= 100_000, "tail-max-rows 1..100000");
    require(
        tailBackfillRows >= 0 && tailBackfillRows <= 1_000_000, "tail-backfill-rows 0..1000000");
    require(balanceIntervalMs >= 200, "balance-interval-ms >= 200");
    require(idleIntervalMs >= 1_000 && idleIntervalMs <= 600_000, "idle-interval-ms 1000..600000");
    require(recentSize >= 10 && recentSize <= 10_000, "recent-size 10..10000");
    require(deadLetterCauses >= 0 && deadLetterCauses <= 100, "dead-letter-causes 0..100");
    require(
        sessionTtlMinutes >= 1 && sessionTtlMinutes <= 7 * 24 * 60, "session-ttl-minutes 1..10080");
    require(verifyTimeoutMs >= 1_000, "verify-timeout-ms >= 1000");
    require(replayMax >= 1 && replayMax <= 10_000, "replay-max 1..10000");
    require(submittedTopic != null && !submittedTopic.isBlank(), "submitted-topic required");
    servicesHost = servicesHost == null || servicesHost.isBlank() ? "127.0.0.1" : servicesHost;
    lagGroups = lagGroups == null ? List.of() : List.copyOf(lagGroups);
    deadLetterTopics = deadLetterTopics == null ? List.of() : List.copyOf(deadLetterTopics);
    gatewayPorts = gatewayPorts == null ? "" : gatewayPorts;
    gatewayUrls = gatewayUrls == null ? "" : gatewayUrls;
    sessionSecret = sessionSecret == null ? "" : sessionSecret;
    for (String topic : deadLetterTopics) {
      require(
          topic.endsWith(DeadLetterTopics.SUFFIX),
          "dead-letter-topics must end with " + DeadLetterTopics.SUFFIX + ", was " + topic);
    }
  }

  /** The gateway instances' base URLs: {@code gateway-urls}, else one per gateway port. */
  public List<String> gateways() {
    List<String> urls = new ArrayList<>();
    if (!gatewayUrls.isBlank()) {
      Arrays.stream(gatewayUrls.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .map(DashboardProperties::trimSlash)
          .forEach(urls::add);
      return urls;
    }
    for (String port : gatewayPorts.split("[,\\s]+")) {
      if (!port.isBlank()) {
        urls.add("http://" + servicesHost + ":" + port.trim());
      }
    }
    return urls;
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void require(boolean condition, String rule) {
    if (!condition) {
      throw new IllegalArgumentException("payflow.dashboard." + rule);
    }
  }
}
