package com.payflow.contracts.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A committed settlement batch of one shard: transactions with shard sequence numbers {@code
 * firstSeq..lastSeq} and the RFC 6962 root over their leaf hashes; on {@code ledger.batches}.
 */
public record BatchSealed(
    int shard, long batchSeq, long firstSeq, long lastSeq, String merkleRoot, Instant sealedAt) {

  /** Validates the sequence range and root format. */
  public BatchSealed {
    Objects.requireNonNull(merkleRoot, "merkleRoot");
    Objects.requireNonNull(sealedAt, "sealedAt");
    if (shard < 0 || batchSeq < 1 || firstSeq < 1 || lastSeq < firstSeq) {
      throw new IllegalArgumentException(
          "invalid batch shard="
              + shard
              + " seq="
              + batchSeq
              + " range="
              + firstSeq
              + ".."
              + lastSeq);
    }
    if (!merkleRoot.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("merkle root must be 64 lower-case hex digits");
    }
  }

  /** Number of transactions in the batch. */
  public long count() {
    return lastSeq - firstSeq + 1;
  }
}
