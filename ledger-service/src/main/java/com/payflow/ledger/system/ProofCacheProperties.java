package com.payflow.ledger.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * In-memory caches that proofs read: published blocks (header, batch entries, batch tree) and
 * stored log nodes. Both never change once their block's transaction committed, so neither is ever
 * invalidated; each is bounded by what its memory grows with.
 *
 * @param maxBatches batch entries the block cache holds at most, over all cached blocks (~250 bytes
 *     each, plus a few hundred per block)
 * @param maxNodes log nodes (leaves included) the node cache holds at most (~140 bytes each)
 */
@ConfigurationProperties("payflow.ledger.proof-cache")
public record ProofCacheProperties(int maxBatches, int maxNodes) {

  private static final int MAX_BATCHES = 1_000_000;
  private static final int MAX_NODES = 2_000_000;

  /** Validates every bound, naming the property to change. */
  public ProofCacheProperties {
    requireRange("max-batches", maxBatches, 1, MAX_BATCHES);
    requireRange("max-nodes", maxNodes, 0, MAX_NODES);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "payflow.ledger.proof-cache." + name + " must be " + min + ".." + max + ", was " + value);
    }
  }
}
