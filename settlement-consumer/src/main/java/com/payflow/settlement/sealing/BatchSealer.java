package com.payflow.settlement.sealing;

import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import java.util.ArrayList;
import java.util.List;

/** Computes leaf hashes (canonical encoding v1) and the RFC 6962 root of a batch. */
public final class BatchSealer {

  private BatchSealer() {}

  /** Seals {@code transactions}, which must carry consecutive shard sequence numbers. */
  public static BatchSeal seal(long batchSeq, List<SealedTransaction> transactions) {
    if (transactions.isEmpty()) {
      throw new IllegalArgumentException("a sealed batch must not be empty");
    }
    long firstSeq = transactions.getFirst().shardSeq();
    List<Sha256Hash> leaves = new ArrayList<>(transactions.size());
    for (int i = 0; i < transactions.size(); i++) {
      SealedTransaction tx = transactions.get(i);
      if (tx.shardSeq() != firstSeq + i) {
        throw new IllegalStateException(
            "batch "
                + batchSeq
                + " sequence gap: expected "
                + (firstSeq + i)
                + " but was "
                + tx.shardSeq());
      }
      leaves.add(MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(tx)));
    }
    return new BatchSeal(batchSeq, firstSeq, List.copyOf(leaves), MerkleTree.rootOf(leaves));
  }
}
