package com.payflow.ledger.chain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.payflow.ledger.system.ProofCacheProperties;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Published blocks (Caffeine), bounded by their batch entries. Correct without invalidation because
 * a block row and its batches are committed with the head move and never change afterwards; it
 * reads outside any transaction, so it never sees a block that is rolled back (the producer's
 * in-transaction read-back uses {@link ChainStore} directly).
 */
@Component
public class BlockCache {

  private final ChainStore chain;
  private final Cache<Long, CachedBlock> blocks;

  BlockCache(ChainStore chain, ProofCacheProperties properties) {
    this.chain = chain;
    this.blocks =
        Caffeine.newBuilder()
            .maximumWeight(properties.maxBatches())
            .weigher((Long height, CachedBlock block) -> 1 + block.batches().size())
            .executor(Runnable::run)
            .build();
  }

  /** The published block at {@code height}, empty when there is none (not remembered). */
  public Optional<CachedBlock> block(long height) {
    return Optional.ofNullable(
        blocks.get(
            height,
            missing ->
                chain
                    .block(missing)
                    .map(stored -> CachedBlock.of(stored, chain.batchesOf(missing)))
                    .orElse(null)));
  }

  /** The cached weight (blocks plus their batch entries), after pending evictions. */
  long weight() {
    blocks.cleanUp();
    return blocks.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }
}
