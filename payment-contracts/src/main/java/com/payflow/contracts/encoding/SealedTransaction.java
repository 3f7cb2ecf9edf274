package com.payflow.contracts.encoding;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.util.Objects;

/**
 * The fields of a settled or rejected transaction that the ledger commits to. Changing any of them
 * in a shard row changes its leaf hash.
 */
public record SealedTransaction(
    TxId txId,
    int shard,
    long shardSeq,
    AccountId payer,
    AccountId payee,
    Money amount,
    String status,
    String reason,
    String reference,
    long decidedAtMicros) {

  /** Validates the record. */
  public SealedTransaction {
    Objects.requireNonNull(txId, "txId");
    Objects.requireNonNull(payer, "payer");
    Objects.requireNonNull(payee, "payee");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reference, "reference");
    if (shard < 0 || shardSeq < 1) {
      throw new IllegalArgumentException(
          "shard >= 0 and shardSeq >= 1 required, were " + shard + ", " + shardSeq);
    }
  }
}
