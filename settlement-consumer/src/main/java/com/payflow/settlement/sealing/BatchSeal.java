package com.payflow.settlement.sealing;

import com.payflow.contracts.merkle.Sha256Hash;
import java.util.List;

/** Leaf hashes (in shard sequence order) and their Merkle root for one batch. */
public record BatchSeal(
    long batchSeq, long firstSeq, List<Sha256Hash> leafHashes, Sha256Hash root) {

  /** Last shard sequence number in the batch. */
  public long lastSeq() {
    return firstSeq + leafHashes.size() - 1;
  }
}
