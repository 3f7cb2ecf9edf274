package com.payflow.ledger.chain;

import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.ledger.batch.PendingBatch;
import com.payflow.ledger.shard.ShardRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the shard rows of a batch before it joins a block: gap-free, each leaf recomputed from the
 * row's fields equals the stored leaf hash, and the leaves give the announced batch root. A batch
 * that fails is never blocked: the producer stops there and says why.
 */
final class BatchLeaves {

  private BatchLeaves() {}

  /** The rows' recomputed leaves in shard sequence order, or {@link BatchRejected}. */
  static List<Sha256Hash> verified(PendingBatch batch, List<ShardRow> rows) {
    String name = "batch " + batch.shard() + "/" + batch.batchSeq();
    if (rows.size() != batch.count()) {
      throw new BatchRejected(
          name
              + " announces "
              + batch.count()
              + " transactions "
              + batch.firstSeq()
              + ".."
              + batch.lastSeq()
              + " but the shard has "
              + rows.size());
    }
    List<Sha256Hash> leaves = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      ShardRow row = rows.get(i);
      if (row.shardSeq() != batch.firstSeq() + i || row.batchSeq() != batch.batchSeq()) {
        throw new BatchRejected(
            name
                + ": row "
                + row.txId()
                + " has shard_seq "
                + row.shardSeq()
                + ", batch_seq "
                + row.batchSeq()
                + " where shard_seq "
                + (batch.firstSeq() + i)
                + " was expected");
      }
      if (row.recomputedLeaf() == null) {
        throw new BatchRejected(
            name + ": row " + row.txId() + " is not a valid transaction: " + row.invalidReason());
      }
      if (!row.recomputedLeaf().equals(row.storedLeaf())) {
        throw new BatchRejected(
            name
                + ": leaf of "
                + row.txId()
                + " recomputed from its fields"
                + " differs from its stored leaf_hash");
      }
      leaves.add(row.recomputedLeaf());
    }
    if (!MerkleTree.rootOf(leaves).equals(batch.root())) {
      throw new BatchRejected(name + ": leaves do not give the announced Merkle root");
    }
    return leaves;
  }

  /** A batch whose shard rows do not match its announcement: tampering or a settlement bug. */
  static final class BatchRejected extends RuntimeException {
    BatchRejected(String message) {
      super(message);
    }
  }
}
