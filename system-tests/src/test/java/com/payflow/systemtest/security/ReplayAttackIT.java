package com.payflow.systemtest.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.payment.TxId;
import com.payflow.testsupport.PlatformState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Replay attacks on the running platform. Authentication is per-client API key (ADR 0007); requests
 * are NOT signed (no HMAC, no timestamp window), so a captured request can be resent verbatim by
 * whoever holds the sender's key — what protects money then is the idempotency key (same key → the
 * first answer again, ADR 0002) and the ownership check in the hold script (another client's key →
 * 403). This test shows both: nothing changes.
 */
class ReplayAttackIT {

  private static final String TOPIC = "payments.submitted";
  private static final List<String> ACCOUNTS =
      List.of("alice-main", "alice-savings", "bob-main", "bob-savings");

  private final Api api = new Api();
  private final PlatformState state = PlatformState.of(api.platform);

  @Test
  void capturedRequest_replayedByAnotherClientWithAnotherKey_is403_andChangesNothing()
      throws Exception {
    String run = UUID.randomUUID().toString();
    String capturedKey = "replay-" + run;
    String captured = Api.payment("alice-main", "bob-main", 1, "captured " + run);
    HttpResponse<String> original =
        api.call("POST", "/api/v1/payments", api.alice(), capturedKey, captured);
    assertThat(original.statusCode()).as(original.body()).isEqualTo(202);
    String originalTx = Api.txId(original);
    api.awaitDecided(originalTx, api.alice(), Duration.ofSeconds(30));
    Thread.sleep(500); // the outcome's projection lands in Redis right after the status

    PlatformState.Snapshot before = state.snapshot(ACCOUNTS, TOPIC);
    List<String> attempts = new ArrayList<>();

    // 1. bob's key, another Idempotency-Key, alice's exact body: not bob's account.
    String otherKey = "replay-bob-" + run;
    HttpResponse<String> byBob =
        api.call("POST", "/api/v1/payments", api.bob(), otherKey, captured);
    assertThat(byBob.statusCode()).as(byBob.body()).isEqualTo(403);
    assertThat(byBob.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/problem+json");
    assertThat(byBob.body()).contains("forbidden-account");
    attempts.add(TxId.forPayment(new ClientId("bob"), otherKey).toString());

    // 2. bob's key with alice's captured Idempotency-Key: keys are scoped per client → 403.
    HttpResponse<String> bobSameKey =
        api.call("POST", "/api/v1/payments", api.bob(), capturedKey, captured);
    assertThat(bobSameKey.statusCode()).as(bobSameKey.body()).isEqualTo(403);
    attempts.add(TxId.forPayment(new ClientId("bob"), capturedKey).toString());

    // 3. no key / the operator's key (not a paying client) → 401.
    assertThat(
            api.call("POST", "/api/v1/payments", null, otherKey + "-anon", captured).statusCode())
        .isEqualTo(401);
    assertThat(
            api.call("POST", "/api/v1/payments", api.operator(), otherKey + "-op", captured)
                .statusCode())
        .isEqualTo(401);

    // 4. the captured request resent verbatim (alice's key, same Idempotency-Key): the first
    //    answer again, byte-identical, no second payment.
    HttpResponse<String> verbatim =
        api.call("POST", "/api/v1/payments", api.alice(), capturedKey, captured);
    assertThat(verbatim.statusCode()).isEqualTo(202);
    assertThat(verbatim.body()).isEqualTo(original.body());
    assertThat(verbatim.headers().firstValue("Idempotent-Replayed")).contains("true");

    // 5. alice's key, same Idempotency-Key, tampered amount → 422 idempotency-key-reused.
    HttpResponse<String> tampered =
        api.call(
            "POST",
            "/api/v1/payments",
            api.alice(),
            capturedKey,
            captured.replace("\"value\":1,", "\"value\":100,"));
    assertThat(tampered.statusCode()).isEqualTo(422);
    assertThat(tampered.body()).contains("idempotency-key-reused");

    Thread.sleep(2000);
    PlatformState.Snapshot after = state.snapshot(ACCOUNTS, TOPIC);
    // None of the attempts' transaction ids exists anywhere; the original exists once.
    assertThat(state.transactionRowsOf(attempts)).isZero();
    assertThat(state.transactionRowsOf(Set.of(originalTx))).isEqualTo(1);
    for (byte[] value :
        state.recordsBetween(TOPIC, before.kafkaEndOffsets(), after.kafkaEndOffsets())) {
      String tx = EventJson.read(value, PaymentSubmitted.class).txId().toString();
      assertThat(attempts).doesNotContain(tx);
      assertThat(tx).isNotEqualTo(originalTx);
    }
    if (after.kafkaTotal() == before.kafkaTotal()) {
      // Nobody else paid meanwhile: the state must be identical.
      assertThat(PlatformState.diff(before, after)).isEmpty();
    }
  }
}
