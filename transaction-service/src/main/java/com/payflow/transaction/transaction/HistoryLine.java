package com.payflow.transaction.transaction;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of an account's history joined with what its shard knows about the payment: the
 * transaction row (when the payer is on this shard) or the credit leg (cross-shard credit).
 */
public record HistoryLine(
    long entryId,
    UUID txId,
    long amount,
    String currency,
    Instant postedAt,
    String txPayer,
    String txPayee,
    String reference,
    String creditPayer) {

  /** The other account of the payment, if this shard knows it. */
  public String counterparty() {
    if (amount < 0) {
      return txPayee;
    }
    return txPayer != null ? txPayer : creditPayer;
  }
}
