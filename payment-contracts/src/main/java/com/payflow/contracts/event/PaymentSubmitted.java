package com.payflow.contracts.event;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.time.Instant;
import java.util.Objects;

/** A payment the gateway accepted (hold taken); the record on {@code payments.submitted}. */
public record PaymentSubmitted(
    TxId txId,
    ClientId client,
    AccountId payer,
    AccountId payee,
    Money amount,
    String reference,
    Instant submittedAt) {

  /** Longest reference accepted anywhere in the platform. */
  public static final int MAX_REFERENCE_LENGTH = 140;

  /** Validates the invariants every consumer relies on. */
  public PaymentSubmitted {
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(payer, "payer");
    Objects.requireNonNull(payee, "payee");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(submittedAt, "submittedAt");
    reference = reference == null ? "" : reference;
    if (payer.equals(payee)) {
      throw new IllegalArgumentException("payer and payee must differ: " + payer);
    }
    if (reference.length() > MAX_REFERENCE_LENGTH) {
      throw new IllegalArgumentException("reference longer than " + MAX_REFERENCE_LENGTH);
    }
  }
}
