package com.payflow.ledger.chain;

import com.payflow.ledger.system.ProofCacheProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Least-recently-used published blocks, bounded by their batch entries. Correct without
 * invalidation because a block row and its batches are committed with the head move and never
 * change afterwards; it reads outside any transaction, so it never sees a block that is rolled
 * back (the producer's in-transaction read-back uses {@link ChainStore} directly).
 */
@Component
public class BlockCache {

  private final ChainStore chain;
  private final int maxBatches;
  private final Map<Long, CachedBlock> blocks = new LinkedHashMap<>(16, 0.75f, true);
  private long cachedBatches;

  BlockCache(ChainStore chain, ProofCacheProperties properties) {
    this.chain = chain;
    this.maxBatches = properties.maxBatches();
  }

  /** The published block at {@code height}, empty when there is none. */
  public Optional<CachedBlock> block(long height) {
    synchronized (blocks) {
      CachedBlock cached = blocks.get(height);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    // Read outside the lock: two threads missing the same height both read; either copy is good.
    Optional<CachedBlock> read = chain.block(height)
        .map(stored -> CachedBlock.of(stored, chain.batchesOf(height)));
    read.ifPresent(block -> put(height, block));
    return read;
  }

  private void put(long height, CachedBlock block) {
    synchronized (blocks) {
      CachedBlock previous = blocks.put(height, block);
      cachedBatches += weight(block) - (previous == null ? 0 : weight(previous));
      var eldest = blocks.entrySet().iterator();
      // Keep at least the newest block even if it alone is over the bound.
      while (cachedBatches > maxBatches && blocks.size() > 1) {
        cachedBatches -= weight(eldest.next().getValue());
        eldest.remove();
      }
    }
  }

  private static long weight(CachedBlock block) {
    return 1 + block.batches().size();
  }
}
