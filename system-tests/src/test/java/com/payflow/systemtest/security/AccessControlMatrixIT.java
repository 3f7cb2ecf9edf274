package com.payflow.systemtest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may call what, through Nginx, on the running platform: anonymous / client A (alice) / client
 * B (bob) / operator × every public endpoint (read from the controllers of the four services and
 * the Nginx locations). Expected answers are what the code and docs say (docs/api.md,
 * docs/operations.md, ADR 0007/0008/0013, docs/ledger.md: the chain's hashes and signatures are
 * public by design so a third party can verify; a proof's leaf contents and full verification are
 * not). Every row asserts the intended answer: the rows that once had to be asserted as the code
 * behaved although it looked wrong (F1: any client could read any status; F6: proofs with contents
 * and full verification for anyone) were fixed, docs/security.md "Findings"; none is left. The
 * matrix is written to {@code target/access-matrix.md} (and printed) for docs/security.md.
 */
class AccessControlMatrixIT {

  private static final String[] CALLERS = {"anonymous", "alice (A)", "bob (B)", "operator"};

  private final Api api = new Api();

  private record Row(
      String label,
      String method,
      String path,
      String body,
      boolean idem,
      List<Set<Integer>> expected,
      String note) {}

  private static List<Set<Integer>> expect(Object anon, Object alice, Object bob, Object op) {
    List<Set<Integer>> out = new ArrayList<>();
    for (Object each : new Object[] {anon, alice, bob, op}) {
      out.add(each instanceof Integer code ? Set.of(code) : castSet(each));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Set<Integer> castSet(Object set) {
    return (Set<Integer>) set;
  }

  @Test
  void everyEndpoint_answersEachCallerAsDocumented() throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    // Setup (operator): an own payment of alice that bob is not part of, settled and blocked;
    // an empty account to close.
    HttpResponse<String> own =
        api.call(
            "POST",
            "/api/v1/payments",
            api.alice(),
            "matrix-setup-" + run,
            Api.payment("alice-main", "alice-savings", 1, "matrix"));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
    String tx = Api.txId(own);
    api.awaitDecided(tx, api.alice(), Duration.ofSeconds(30));
    String closable = "sec-" + run + "-c";
    assertThat(
            api.call(
                    "POST",
                    "/api/v1/accounts",
                    api.operator(),
                    null,
                    "{\"owner\":\"alice\",\"currency\":\"EUR\",\"id\":\"" + closable + "\"}")
                .statusCode())
        .isEqualTo(201);
    awaitProof(tx);

    String opened = "sec-" + run;
    String unknown = UUID.randomUUID().toString();
    Set<Integer> okOrBusy = Set.of(200, 409);
    Set<Integer> okOrNone = Set.of(200, 404);
    Set<Integer> notFoundOrNotYetKnown = Set.of(404, 503);
    List<Row> rows =
        List.of(
            new Row(
                "submit payment (payer alice-main)",
                "POST",
                "/api/v1/payments",
                Api.payment("alice-main", "alice-savings", 1, "matrix"),
                true,
                expect(401, 202, 403, 401),
                "operator is no paying client (key not in " + "payflow:apikeys)"),
            new Row(
                "payment status, alice's payment",
                "GET",
                "/api/v1/payments/" + tx,
                null,
                false,
                expect(401, 200, 404, 200),
                "the submitting client and the operator;"
                    + " others get the unknown-id answer (ADR 0013)"),
            new Row(
                "payment status, unknown id",
                "GET",
                "/api/v1/payments/" + unknown,
                null,
                false,
                expect(401, notFoundOrNotYetKnown, notFoundOrNotYetKnown, notFoundOrNotYetKnown),
                "404 once settlement has passed every accepted"
                    + " payment, 503 status-not-yet-known before (ADR 0013)"),
            new Row(
                "open account",
                "POST",
                "/api/v1/accounts",
                "{\"owner\":\"alice\",\"currency\":\"EUR\",\"id\":\"" + opened + "\"}",
                false,
                expect(401, 403, 403, 201),
                "operator only"),
            new Row(
                "read account alice-main",
                "GET",
                "/api/v1/accounts/alice-main",
                null,
                false,
                expect(401, 200, 404, 200),
                "others: 404, existence not revealed (ADR 0008)"),
            new Row(
                "history of alice-main",
                "GET",
                "/api/v1/accounts/alice-main/transactions" + "?limit=5",
                null,
                false,
                expect(401, 200, 404, 200),
                ""),
            new Row(
                "fund account",
                "POST",
                "/api/v1/accounts/" + opened + "/funding",
                "{\"value\":100,\"currency\":\"EUR\"}",
                true,
                expect(401, 403, 403, 202),
                "operator only"),
            new Row(
                "close account",
                "POST",
                "/api/v1/accounts/" + closable + "/close",
                null,
                false,
                expect(401, 403, 403, 200),
                "operator only"),
            new Row(
                "transaction alice-main→alice-savings",
                "GET",
                "/api/v1/transactions/" + tx,
                null,
                false,
                expect(401, 200, 404, 200),
                "payer/payee owner or operator"),
            new Row(
                "run reconciliation",
                "POST",
                "/api/v1/ops/reconciliation",
                null,
                false,
                expect(401, 403, 403, okOrBusy),
                "operator only"),
            new Row(
                "last reconciliation report",
                "GET",
                "/api/v1/ops/reconciliation",
                null,
                false,
                expect(401, 403, 403, okOrNone),
                "operator only"),
            new Row(
                "blocks",
                "GET",
                "/api/v1/blocks?limit=1",
                null,
                false,
                expect(200, 200, 200, 200),
                "public by design (docs/ledger.md)"),
            new Row(
                "block 1",
                "GET",
                "/api/v1/blocks/1",
                null,
                false,
                expect(200, 200, 200, 200),
                "public by design"),
            new Row(
                "chain head",
                "GET",
                "/api/v1/chain/head",
                null,
                false,
                expect(200, 200, 200, 200),
                "public by design"),
            new Row(
                "public key",
                "GET",
                "/api/v1/chain/public-key",
                null,
                false,
                expect(200, 200, 200, 200),
                "public by design"),
            new Row(
                "consistency proof",
                "GET",
                "/api/v1/chain/consistency?from=1&to=1",
                null,
                false,
                expect(200, 200, 200, 200),
                "public by design"),
            new Row(
                "chain export",
                "GET",
                "/api/v1/chain/export?to=1",
                null,
                false,
                expect(200, 200, 200, 200),
                "public by design (hashes only)"),
            new Row(
                "transaction proof",
                "GET",
                "/api/v1/transactions/" + tx + "/proof",
                null,
                false,
                expect(200, 200, 200, 200),
                "hashes only, except for the submitting client"
                    + " and the operator (contents checked by LedgerAccessIT)"),
            new Row(
                "verify whole chain",
                "POST",
                "/api/v1/chain/verify",
                null,
                false,
                expect(401, 403, 403, okOrBusy),
                "operator only, one run at a time (F6)"),
            new Row(
                "last verification report",
                "GET",
                "/api/v1/chain/verification",
                null,
                false,
                expect(okOrNone, okOrNone, okOrNone, okOrNone),
                "public; details for the operator"),
            new Row(
                "dead-letter replay (settlement :8084)",
                "POST",
                "/api/v1/admin/dead-letters/replay?topic=payments.submitted&max=1",
                null,
                false,
                expect(404, 404, 404, 404),
                "not routed by Nginx (service port only)"),
            new Row(
                "actuator",
                "GET",
                "/actuator/prometheus",
                null,
                false,
                expect(404, 404, 404, 404),
                "not routed by Nginx"));

    String[] keys = {null, api.alice(), api.bob(), api.operator()};
    Map<String, String> mismatches = new LinkedHashMap<>();
    StringBuilder table =
        new StringBuilder(
            "| endpoint | method path | anonymous | alice (A) "
                + "| bob (B) | operator | note |\n|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      table
          .append("| ")
          .append(row.label())
          .append(" | `")
          .append(row.method())
          .append(' ')
          .append(row.path().replace(tx, "{tx}").replace(run, "{run}").replace(unknown, "{random}"))
          .append("` |");
      for (int caller = 0; caller < 4; caller++) {
        HttpResponse<String> answer =
            api.call(
                row.method(),
                row.path(),
                keys[caller],
                row.idem() ? "matrix-" + run + "-" + row.label().hashCode() + "-" + caller : null,
                row.body());
        int status = answer.statusCode();
        boolean ok = row.expected().get(caller).contains(status);
        table
            .append(' ')
            .append(status)
            .append(ok ? "" : " ✗ expected " + row.expected().get(caller))
            .append(" |");
        if (!ok) {
          mismatches.put(
              row.label() + " / " + CALLERS[caller],
              status + " " + answer.body().substring(0, Math.min(200, answer.body().length())));
        }
        if (status >= 400) {
          assertThat(answer.headers().firstValue("Content-Type").orElse(""))
              .as("%s / %s", row.label(), CALLERS[caller])
              .startsWith("application/problem+json");
        }
      }
      table.append(' ').append(row.note()).append(" |\n");
    }
    System.out.println("\n" + table);
    Path out = Path.of("target", "access-matrix.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table.toString());
    assertThat(mismatches).as("answers that differ from the documented access rules").isEmpty();
  }

  /**
   * ADR 0008 (visibility: others get 404, as if it did not exist) applied to the status endpoint
   * (transaction-service since ADR 0013).
   */
  @Test
  void paymentStatus_ofAnotherClientsPayment_isNotRevealed() throws Exception {
    HttpResponse<String> own =
        api.call(
            "POST",
            "/api/v1/payments",
            api.alice(),
            "matrix-status-" + UUID.randomUUID(),
            Api.payment("alice-main", "alice-savings", 1, "visibility"));
    assertThat(own.statusCode()).isEqualTo(202);
    String tx = Api.txId(own);
    api.awaitDecided(tx, api.alice(), Duration.ofSeconds(30));
    HttpResponse<String> byBob = api.call("GET", "/api/v1/payments/" + tx, api.bob(), null, null);
    assertThat(byBob.statusCode())
        .as("bob reading alice's payment: %s", byBob.body())
        .isEqualTo(404);
  }

  private void awaitProof(String tx) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (api.call("GET", "/api/v1/transactions/" + tx + "/proof", null, null, null).statusCode()
          == 200) {
        return;
      }
      Thread.sleep(250);
    }
  }
}
