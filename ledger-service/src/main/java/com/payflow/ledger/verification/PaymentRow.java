package com.payflow.ledger.verification;

/**
 * The fields of a {@code transactions} row that move money, as the books check reads them.
 *
 * @param txId the row's {@code tx_id} (16 bytes)
 * @param shard the shard the row is on: the payer's
 * @param shardSeq its shard sequence number
 * @param settled whether its status is {@code SETTLED} (a rejected payment moves nothing)
 * @param payer the debited account
 * @param payee the account the money is for
 * @param amount minor units
 * @param currency ISO 4217 code
 * @param payeeShard the shard settlement routed the payee to ({@code payee_shard})
 */
record PaymentRow(
    byte[] txId,
    int shard,
    long shardSeq,
    boolean settled,
    String payer,
    String payee,
    long amount,
    String currency,
    int payeeShard) {

  /** Whether the payee lives on another shard, so a credit leg carries the money there. */
  boolean crossShard() {
    return payeeShard != shard;
  }

  /** The account credited on the payer's shard: the payee, or the clearing account. */
  String creditAccount() {
    return crossShard() ? Postings.clearingAccount(currency) : payee;
  }
}
