package com.payflow.contracts.event;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.time.Instant;
import java.util.Objects;

/**
 * A fact the settlement committed, on {@code payments.outcomes}: the payer was debited
 * (SETTLED), the payment was refused (REJECTED, with a reason), or the payee was credited
 * (CREDITED). Consumers must treat a repeated outcome as a no-op.
 */
public record PaymentOutcome(
    TxId txId,
    Status status,
    String reason,
    AccountId payer,
    AccountId payee,
    Money amount,
    Instant decidedAt) {

  /** What was committed. */
  public enum Status {
    SETTLED,
    REJECTED,
    CREDITED
  }

  /** Validates the record: a reason exactly when rejected. */
  public PaymentOutcome {
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(payer, "payer");
    Objects.requireNonNull(payee, "payee");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if ((status == Status.REJECTED) != (reason != null)) {
      throw new IllegalArgumentException("a reason is required exactly for REJECTED, got "
          + status + " with reason " + reason);
    }
  }
}
