package com.payflow.ledger.shard;

import com.payflow.contracts.encoding.SealedTransaction;

/**
 * A shard row with the API client that submitted the payment: proofs show the leaf's contents only
 * to that client and the operator.
 *
 * @param row the row as the ledger sees it
 * @param clientId the row's {@code client_id}
 * @param transaction the fields the leaf commits to; null when they form no valid transaction (then
 *     {@code row.canonicalBytes()} is null too)
 */
public record OwnedRow(ShardRow row, String clientId, SealedTransaction transaction) {}
