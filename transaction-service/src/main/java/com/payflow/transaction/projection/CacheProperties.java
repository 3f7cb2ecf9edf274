package com.payflow.transaction.projection;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The balance cache's rebuild.
 *
 * @param readyKey marker set once every account is cached (ADR 0006; the gateway reads the same
 *     key, {@code payflow.gateway.cache-ready-key})
 * @param checkIntervalMs how often the marker is checked; a flushed Redis starts its rebuild at
 *     most this long after the flush
 * @param warmUpChunkSize accounts read per query and pipelined to Redis per round of the rebuild;
 *     bounds its memory
 */
@ConfigurationProperties("payflow.cache")
public record CacheProperties(String readyKey, long checkIntervalMs, int warmUpChunkSize) {

  /** Validates every bound, naming the property to change. */
  public CacheProperties {
    if (readyKey == null || readyKey.isBlank()) {
      throw new IllegalArgumentException("payflow.cache.ready-key must be set");
    }
    if (checkIntervalMs < 100 || checkIntervalMs > 60_000) {
      throw new IllegalArgumentException(
          "payflow.cache.check-interval-ms must be 100..60000, was " + checkIntervalMs);
    }
    if (warmUpChunkSize < 1 || warmUpChunkSize > 10_000) {
      throw new IllegalArgumentException(
          "payflow.cache.warm-up-chunk-size must be 1..10000, was " + warmUpChunkSize);
    }
  }
}
