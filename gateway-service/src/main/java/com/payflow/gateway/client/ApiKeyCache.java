package com.payflow.gateway.client;

import com.payflow.contracts.account.ClientId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small, bounded, time-limited cache of API key hash → client, so authenticating costs no
 * Redis round trip on the hot path. A revoked key keeps working for at most the TTL.
 */
final class ApiKeyCache {

  private record Cached(ClientId client, long expiresAtMs) {}

  private final int maxEntries;
  private final long ttlMs;
  private final Clock clock;
  private final Map<String, Cached> entries;

  ApiKeyCache(int maxEntries, long ttlMs, Clock clock) {
    if (maxEntries < 1 || ttlMs < 0) {
      throw new IllegalArgumentException("api key cache needs maxEntries >= 1 and ttl >= 0");
    }
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.clock = clock;
    // Access-ordered: the least recently used key is evicted first.
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > ApiKeyCache.this.maxEntries;
      }
    };
  }

  synchronized Optional<ClientId> get(String keyHash) {
    Cached entry = entries.get(keyHash);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.expiresAtMs() <= clock.millis()) {
      entries.remove(keyHash);
      return Optional.empty();
    }
    return Optional.of(entry.client());
  }

  synchronized void put(String keyHash, ClientId client) {
    entries.put(keyHash, new Cached(client, clock.millis() + ttlMs));
  }
}
