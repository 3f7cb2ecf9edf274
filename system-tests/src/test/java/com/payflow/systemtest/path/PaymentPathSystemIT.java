package com.payflow.systemtest.path;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.testsupport.LedgerInvariants;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.RunningPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole skeleton path on the running platform, through Nginx: submit → Redis hold → Kafka →
 * settlement on the shards → status SETTLED; then the invariants of docs/architecture.md#invariants
 * on the shards.
 */
class PaymentPathSystemIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern TX_ID = Pattern.compile("\"transactionId\":\"([0-9a-f-]{36})\"");

  private final RunningPlatform platform = RunningPlatform.fromRunFolder();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String alice = platform.require("DEMO_ALICE_API_KEY");

  @Test
  void paymentThroughNginx_isAcceptedSettledAndReplayable() throws Exception {
    String key = "sys-" + UUID.randomUUID();
    String body = payment("alice-main", "bob-main", 125, "system test");

    HttpResponse<String> accepted = post(alice, key, body);
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.headers().firstValue("X-Request-Id")).isPresent();
    String location = accepted.headers().firstValue("Location").orElseThrow();
    Matcher id = TX_ID.matcher(accepted.body());
    assertThat(id.find()).isTrue();
    assertThat(location).endsWith(id.group(1));

    HttpResponse<String> replay = post(alice, key, body);
    assertThat(replay.statusCode()).isEqualTo(202);
    assertThat(replay.body()).isEqualTo(accepted.body());
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");

    HttpResponse<String> reused = post(alice, key, payment("alice-main", "bob-main", 126, "x"));
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(reused.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");

    assertThat(awaitStatus(location)).contains("\"status\":\"SETTLED\"");
    assertInvariants();
  }

  @Test
  void refusals_areProblemJson_andChangeNothing() throws Exception {
    HttpResponse<String> tooMuch =
        post(
            alice,
            "sys-" + UUID.randomUUID(),
            payment("alice-main", "bob-main", 9_000_000_000L, "too much"));
    assertThat(tooMuch.statusCode()).isEqualTo(422);
    assertThat(tooMuch.body()).contains("insufficient-funds");

    HttpResponse<String> notOwner =
        post(alice, "sys-" + UUID.randomUUID(), payment("bob-main", "alice-main", 1, "steal"));
    assertThat(notOwner.statusCode()).isEqualTo(403);

    HttpResponse<String> anonymous =
        post("wrong-key", "sys-" + UUID.randomUUID(), payment("alice-main", "bob-main", 1, "x"));
    assertThat(anonymous.statusCode()).isEqualTo(401);

    HttpResponse<String> malformed = post(alice, "sys-" + UUID.randomUUID(), "{\"payer\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");

    HttpResponse<String> noKey =
        send(
            HttpRequest.newBuilder(paymentsUri())
                .header("X-Api-Key", alice)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(payment("alice-main", "bob-main", 1, "x")))
                .build());
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertInvariants();
  }

  private static String payment(String payer, String payee, long value, String reference) {
    return "{\"payer\":\""
        + payer
        + "\",\"payee\":\""
        + payee
        + "\",\"amount\":{\"value\":"
        + value
        + ",\"currency\":\"EUR\"},\"reference\":\""
        + reference
        + "\"}";
  }

  private URI paymentsUri() {
    return URI.create(platform.baseUrl() + "/api/v1/payments");
  }

  private HttpResponse<String> post(String apiKey, String idempotencyKey, String body)
      throws Exception {
    return send(
        HttpRequest.newBuilder(paymentsUri())
            .header("X-Api-Key", apiKey)
            .header("Idempotency-Key", idempotencyKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String awaitStatus(String location) throws Exception {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status =
          send(
              HttpRequest.newBuilder(URI.create(platform.baseUrl() + location))
                  .header("X-Api-Key", alice)
                  .GET()
                  .build());
      last = status.body();
      if (status.statusCode() == 200 && !last.contains("ACCEPTED")) {
        return last;
      }
      Thread.sleep(100);
    }
    return last;
  }

  private void assertInvariants() throws Exception {
    RealServers.Endpoints servers = RealServers.get();
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    LedgerInvariants.Report report;
    do {
      report = LedgerInvariants.check(this::connect, platform.shardDatabases());
      if (report.holds()) {
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertThat(report.violations()).as("ledger invariants on %s", servers.source()).isEmpty();
  }

  private Connection connect(String database) throws SQLException {
    RealServers.Endpoints servers = RealServers.get();
    return DriverManager.getConnection(
        servers.jdbcUrl(database), servers.mysqlAdminUser(), servers.mysqlAdminPassword());
  }
}
