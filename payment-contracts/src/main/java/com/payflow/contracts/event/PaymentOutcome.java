package com.payflow.contracts.event;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.time.Instant;
import java.util.Objects;

/**
 * A fact the settlement committed, on {@code payments.outcomes}: the payer was debited (SETTLED),
 * the payment was refused (REJECTED, with a reason), or the payee was credited (CREDITED).
 * Consumers must treat a repeated outcome as a no-op.
 *
 * <p>{@code resubmission} marks the payer's outcome of a later submission of an already decided tx
 * id: a client retried with the same Idempotency-Key after the gateway lost its record (Redis
 * flushed or restarted). Nothing was booked for it; the gateway took a second hold for it, which
 * the projection must release rather than close. The first decision and its re-announcements after
 * a crash are never resubmissions (ADR 0004).
 */
public record PaymentOutcome(
    TxId txId,
    Status status,
    RejectionReason reason,
    AccountId payer,
    AccountId payee,
    Money amount,
    Instant decidedAt,
    boolean resubmission) {

  /** What was committed. */
  public enum Status {
    SETTLED,
    REJECTED,
    CREDITED
  }

  /** A first decision (or its re-announcement): not a resubmission. */
  public PaymentOutcome(
      TxId txId,
      Status status,
      RejectionReason reason,
      AccountId payer,
      AccountId payee,
      Money amount,
      Instant decidedAt) {
    this(txId, status, reason, payer, payee, amount, decidedAt, false);
  }

  /** Validates the record: a reason exactly when rejected; only payer outcomes resubmitted. */
  public PaymentOutcome {
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(payer, "payer");
    Objects.requireNonNull(payee, "payee");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if ((status == Status.REJECTED) != (reason != null)) {
      throw new IllegalArgumentException(
          "a reason is required exactly for REJECTED, got " + status + " with reason " + reason);
    }
    if (resubmission && status == Status.CREDITED) {
      throw new IllegalArgumentException(
          "a resubmission books nothing, so it has no CREDITED" + " outcome (tx " + txId + ")");
    }
  }
}
