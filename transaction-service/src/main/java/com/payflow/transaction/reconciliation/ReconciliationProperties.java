package com.payflow.transaction.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Reconciliation of the Redis balance cache against the shards (docs/operations.md).
 *
 * @param enabled whether the scheduled runs happen (the operator endpoint always works)
 * @param intervalMs pause between the end of one scheduled run and the start of the next; a drift
 *     is repaired after it was seen in two consecutive runs, so this is also the repair delay
 * @param chunkSize accounts per query and per pipelined Redis round trip (bounds memory)
 * @param holdLookupAfterMs a hold reconciliation has known this long is looked up in its payer's
 *     shard; if the payment is decided there, the hold is closed as the projection would have
 * @param holdReleaseAfterMs a hold known this long whose payment is in no shard is released; must
 *     exceed the gateway's Kafka send timeout plus the longest settlement lag tolerated
 * @param maxProjectionLag available-balance repairs wait while the outcome projection is further
 *     behind than this many records (or its lag cannot be read): the missing outcomes would
 *     otherwise be counted twice
 * @param maxReported accounts listed per kind in a report (the counts are always complete)
 * @param maxTracked drifting accounts remembered between runs for confirmation (bounded)
 */
@ConfigurationProperties("payflow.reconciliation")
public record ReconciliationProperties(
    boolean enabled,
    long intervalMs,
    int chunkSize,
    long holdLookupAfterMs,
    long holdReleaseAfterMs,
    long maxProjectionLag,
    int maxReported,
    int maxTracked) {

  /** Validates every bound, naming the property to change. */
  public ReconciliationProperties {
    if (intervalMs < 1_000 || intervalMs > 86_400_000) {
      throw new IllegalArgumentException(
          "payflow.reconciliation.interval-ms must be 1000..86400000, was " + intervalMs);
    }
    if (chunkSize < 1 || chunkSize > 10_000) {
      throw new IllegalArgumentException(
          "payflow.reconciliation.chunk-size must be 1..10000, was " + chunkSize);
    }
    if (holdLookupAfterMs < 0) {
      throw new IllegalArgumentException(
          "payflow.reconciliation.hold-lookup-after-ms must be >= 0, was " + holdLookupAfterMs);
    }
    if (holdReleaseAfterMs < holdLookupAfterMs || holdReleaseAfterMs < 1_000) {
      throw new IllegalArgumentException(
          "payflow.reconciliation.hold-release-after-ms must be"
              + " >= 1000 and >= hold-lookup-after-ms, was "
              + holdReleaseAfterMs);
    }
    if (maxProjectionLag < 0) {
      throw new IllegalArgumentException(
          "payflow.reconciliation.max-projection-lag must be >= 0, was " + maxProjectionLag);
    }
    if (maxReported < 0 || maxReported > 10_000) {
      throw new IllegalArgumentException(
          "payflow.reconciliation.max-reported must be 0..10000, was " + maxReported);
    }
    if (maxTracked < 1 || maxTracked > 10_000_000) {
      throw new IllegalArgumentException(
          "payflow.reconciliation.max-tracked must be 1..10000000, was " + maxTracked);
    }
  }
}
