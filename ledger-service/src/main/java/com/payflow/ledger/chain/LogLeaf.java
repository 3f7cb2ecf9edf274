package com.payflow.ledger.chain;

import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.payment.TxId;

/**
 * One transaction in the append-only log.
 *
 * @param logIndex position in the log
 * @param leafHash leaf hash (recomputed from the shard row when the batch joined a block)
 * @param txId the transaction
 * @param shard its shard
 * @param shardSeq its shard sequence number
 * @param height the block that appended it
 */
public record LogLeaf(
    long logIndex, Sha256Hash leafHash, TxId txId, int shard, long shardSeq, long height) {}
