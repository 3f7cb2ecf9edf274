package com.payflow.client;

import com.payflow.contracts.payment.TxId;
import java.net.URI;

/**
 * What a submission ended in. Each case is true about money: {@link Accepted} will be decided
 * exactly once; {@link Refused} will never settle; {@link OutcomeUnknown} may or may not settle,
 * and resuming it with {@link PayflowClient#resume} (the same key) converges on one answer.
 */
public sealed interface SubmitResult {

  /** The Idempotency-Key every attempt of this payment was sent with. */
  String idempotencyKey();

  /** How many requests this call sent (1 = no retry). */
  int attempts();

  /** Durably queued: poll {@link PayflowClient#await} for SETTLED or REJECTED. */
  record Accepted(String idempotencyKey, TxId txId, URI statusUrl, boolean replayed, int attempts)
      implements SubmitResult {}

  /** A definitive refusal (4xx): nothing was queued, nothing will settle for this key. */
  record Refused(String idempotencyKey, Problem problem, int attempts) implements SubmitResult {}

  /**
   * The retry budget ran out before a definitive answer. {@code mayHaveBeenQueued} is false only
   * when every attempt was certainly not queued (e.g. 429, enqueue-failed); either way the only
   * safe next step is {@link PayflowClient#resume} with this key — never a new key.
   */
  record OutcomeUnknown(
      String idempotencyKey, boolean mayHaveBeenQueued, String lastAnswer, int attempts)
      implements SubmitResult {}
}
