package com.payflow.ledger.shard;

import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.payment.TxId;

/**
 * One {@code transactions} row of a shard as the ledger sees it.
 *
 * @param txId the row's transaction id
 * @param shardSeq the row's shard sequence number
 * @param batchSeq the row's batch
 * @param canonicalBytes CanonicalTransactionEncoding v1 of the row's fields; null when the fields
 *     no longer form a valid transaction (e.g. a negative amount written by hand)
 * @param recomputedLeaf leaf hash of {@code canonicalBytes}; null with it
 * @param storedLeaf the row's {@code leaf_hash} column
 * @param invalidReason why the fields are invalid, or null
 */
public record ShardRow(
    TxId txId,
    long shardSeq,
    long batchSeq,
    byte[] canonicalBytes,
    Sha256Hash recomputedLeaf,
    Sha256Hash storedLeaf,
    String invalidReason) {}
