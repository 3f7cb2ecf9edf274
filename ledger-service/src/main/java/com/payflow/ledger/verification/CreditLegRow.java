package com.payflow.ledger.verification;

/**
 * A {@code credit_legs} row: the second half of a cross-shard payment, applied on the payee's
 * shard.
 *
 * @param txId the payment's {@code tx_id} (16 bytes)
 * @param shard the shard the leg was applied on
 * @param payer the payment's payer
 * @param payee the credited account
 * @param amount minor units
 * @param currency ISO 4217 code
 * @param payerShard the shard that holds the payment's row
 */
record CreditLegRow(
    byte[] txId,
    int shard,
    String payer,
    String payee,
    long amount,
    String currency,
    int payerShard) {}
