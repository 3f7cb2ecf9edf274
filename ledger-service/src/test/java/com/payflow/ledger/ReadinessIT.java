package com.payflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.testsupport.PausableRelay;
import com.payflow.testsupport.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ledger's readiness: UP while Kafka, its database and the shards answer; DOWN, answered within
 * the bound, while the shards' server is silent as a paused process (its pools are lazy, so it
 * starts anyway), when liveness stays UP: the pod leaves the Service, it is not restarted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessIT {

  private static final int SHARDS = 2;
  // The databases check's bound (management.health.databases.timeout, 1 s) plus slack.
  private static final Duration HEALTH_ANSWERED_WITHIN = Duration.ofSeconds(3);
  private static final Map<String, String> SHOW_COMPONENTS =
      Map.of("management.endpoint.health.show-components", "always");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private LedgerFixture fixture;
  private PausableRelay pausedShards;

  @BeforeAll
  void start() throws Exception {
    fixture = LedgerFixture.create("ready", SHARDS);
    fixture.startLedger(SHOW_COMPONENTS);
    RealServers.Endpoints servers = RealServers.get();
    pausedShards = PausableRelay.to(servers.mysqlHost(), servers.mysqlPort());
    pausedShards.pause();
  }

  @AfterAll
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (pausedShards != null) {
      pausedShards.close();
    }
  }

  @Test
  void healthyLedger_isReady() throws Exception {
    String base = fixture.baseUrl();
    HttpResponse<String> ready = awaitStatus(base, "/actuator/health/readiness", 200);
    assertThat(ready.body())
        .contains("\"kafka\":{\"status\":\"UP\"")
        .contains("\"databases\":{\"status\":\"UP\"")
        .doesNotContain("\"db\"");
  }

  @Test
  void shardsSilent_notReady_butAlive() throws Exception {
    Map<String, String> overrides = new java.util.HashMap<>(SHOW_COMPONENTS);
    overrides.put(
        "payflow.ledger.shards.url-template",
        "jdbc:mysql://127.0.0.1:"
            + pausedShards.port()
            + "/paused_shard_{shard}?useSSL=false&connectTimeout=2000&socketTimeout=30000");
    ConfigurableApplicationContext paused =
        fixture.run("ledger_paused_shards", fixture.group() + "-paused", overrides);
    try {
      String base = LedgerFixture.baseUrlOf(paused);
      HttpResponse<String> notReady = awaitStatus(base, "/actuator/health/readiness", 503);
      assertThat(notReady.body()).contains("\"databases\":{\"status\":\"DOWN\"");
      HttpResponse<String> alive = get(base, "/actuator/health/liveness");
      assertThat(alive.statusCode()).isEqualTo(200);
      assertThat(get(base, "/actuator/health").statusCode()).isEqualTo(503);
    } finally {
      paused.close();
    }
  }

  private HttpResponse<String> get(String base, String path) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("%s answered within the checks' bound", path)
        .isLessThan(HEALTH_ANSWERED_WITHIN);
    return answer;
  }

  private HttpResponse<String> awaitStatus(String base, String path, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> answer = get(base, path);
    while (answer.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(250);
      answer = get(base, path);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    return answer;
  }
}
