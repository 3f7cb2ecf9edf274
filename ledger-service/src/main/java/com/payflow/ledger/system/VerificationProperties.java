package com.payflow.ledger.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Full verification reads the chain and the shards in keyset-paged ranges instead of one query per
 * batch, the next range of each stream read ahead while the current one is checked. Memory is about
 * 2 x (shards + 2) x chunkRows rows (a shard row with its recomputed leaf is roughly 400 bytes)
 * plus about 110 bytes per remembered signature.
 *
 * @param chunkRows rows one range read returns at most (log leaves, shard rows, batch entries)
 * @param signatureCacheEntries block signatures remembered as verified (keyed by a digest of key,
 *     signature and header, so any change is verified again)
 */
@ConfigurationProperties("payflow.ledger.verification")
public record VerificationProperties(int chunkRows, int signatureCacheEntries) {

  private static final int MAX_CHUNK_ROWS = 100_000;
  private static final int MAX_SIGNATURE_CACHE_ENTRIES = 1_000_000;

  /** Validates every bound, naming the property to change. */
  public VerificationProperties {
    requireRange("chunk-rows", chunkRows, 1, MAX_CHUNK_ROWS);
    requireRange("signature-cache-entries", signatureCacheEntries, 0, MAX_SIGNATURE_CACHE_ENTRIES);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "payflow.ledger.verification."
              + name
              + " must be "
              + min
              + ".."
              + max
              + ", was "
              + value);
    }
  }
}
