package com.payflow.gateway.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.payflow.contracts.account.ClientId;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A bounded, time-limited cache of API key hash → client (Caffeine), so authenticating costs no
 * Redis round trip on the hot path. A revoked key keeps working for at most the TTL. Reads take no
 * lock: every submission authenticates here, from hundreds of virtual threads at once.
 */
final class ApiKeyCache {

  private final Cache<String, ClientId> entries;

  ApiKeyCache(int maxEntries, long ttlMs, Clock clock) {
    if (maxEntries < 1 || ttlMs < 0) {
      throw new IllegalArgumentException("api key cache needs maxEntries >= 1 and ttl >= 0");
    }
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfterWrite(Duration.ofMillis(ttlMs))
            // The application's clock, so the expiry is testable; evictions run on the caller.
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  Optional<ClientId> get(String keyHash) {
    return Optional.ofNullable(entries.getIfPresent(keyHash));
  }

  void put(String keyHash, ClientId client) {
    entries.put(keyHash, client);
  }

  /** Entries held now, after pending evictions (for tests of the bound). */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
