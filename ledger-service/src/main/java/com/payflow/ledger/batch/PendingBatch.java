package com.payflow.ledger.batch;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.merkle.Sha256Hash;

/**
 * A recorded batch, in topic order, with the event time that decides which block it joins.
 *
 * @param offset its offset in {@code ledger.batches}
 * @param shard the shard
 * @param batchSeq the batch sequence number within the shard
 * @param firstSeq first shard sequence number
 * @param lastSeq last shard sequence number
 * @param root the announced RFC 6962 root
 * @param eventTimeMicros Kafka record time of its first delivery, in µs
 */
public record PendingBatch(
    long offset,
    int shard,
    long batchSeq,
    long firstSeq,
    long lastSeq,
    Sha256Hash root,
    long eventTimeMicros) {

  /** Number of transactions. */
  public long count() {
    return lastSeq - firstSeq + 1;
  }

  /** The batch as a leaf of its block's batch tree. */
  public BatchEntry entry() {
    return new BatchEntry(shard, batchSeq, firstSeq, lastSeq, root);
  }
}
