package com.payflow.contracts.event;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.util.Objects;

/**
 * The credit half of a cross-shard payment, already debited on the payer's shard (money parked in
 * that shard's clearing account); the record on {@code payments.credits}, keyed by payee.
 */
public record CreditLegRequested(
    TxId txId, AccountId payer, AccountId payee, Money amount, int payerShard) {

  /** Validates the record. */
  public CreditLegRequested {
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(payer, "payer");
    Objects.requireNonNull(payee, "payee");
    Objects.requireNonNull(amount, "amount");
    if (payerShard < 0) {
      throw new IllegalArgumentException("payerShard must be >= 0, was " + payerShard);
    }
  }
}
