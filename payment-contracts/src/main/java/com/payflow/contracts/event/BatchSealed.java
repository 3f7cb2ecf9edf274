package com.payflow.contracts.event;

import com.payflow.contracts.merkle.Sha256Hash;
import java.time.Instant;
import java.util.Objects;

/**
 * A committed settlement batch of one shard: transactions with shard sequence numbers {@code
 * firstSeq..lastSeq} and the RFC 6962 root over their leaf hashes; on {@code ledger.batches}.
 */
public record BatchSealed(
    int shard,
    long batchSeq,
    long firstSeq,
    long lastSeq,
    Sha256Hash merkleRoot,
    Instant sealedAt) {

  /** Validates the sequence range (the root is a hash by type; on the wire, lower-case hex). */
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
  }

  /** Number of transactions in the batch. */
  public long count() {
    return lastSeq - firstSeq + 1;
  }
}
