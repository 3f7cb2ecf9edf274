package com.payflow.ledger.chain;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.merkle.MerkleTree;
import java.util.List;
import java.util.Optional;

/**
 * A published block with what proofs need of it, decoded and hashed once.
 *
 * @param stored the stored block
 * @param header its decoded header
 * @param batches its batch entries in block order
 * @param batchTree the block batch tree over the entries' leaf hashes
 */
public record CachedBlock(
    StoredBlock stored, BlockHeader header, List<BlockBatch> batches, MerkleTree batchTree) {

  /** The block as read from the store. */
  static CachedBlock of(StoredBlock stored, List<BlockBatch> batches) {
    return new CachedBlock(
        stored,
        stored.header(),
        List.copyOf(batches),
        MerkleTree.of(batches.stream().map(batch -> batch.entry().leafHash()).toList()));
  }

  /** The batch of this block holding {@code shardSeq} of {@code shard}. */
  public Optional<BlockBatch> batchHolding(int shard, long shardSeq) {
    return batches.stream()
        .filter(
            batch ->
                batch.entry().shard() == shard
                    && batch.entry().firstSeq() <= shardSeq
                    && shardSeq <= batch.entry().lastSeq())
        .findFirst();
  }
}
