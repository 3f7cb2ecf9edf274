package com.payflow.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.ClientId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ApiKeyCacheTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void entries_expireAfterTheTtl() {
    ApiKeyCache cache = new ApiKeyCache(10, 30_000, clock);
    cache.put("h", new ClientId("alice"));
    now = now.plus(Duration.ofSeconds(29));
    assertThat(cache.get("h")).contains(new ClientId("alice"));
    now = now.plus(Duration.ofSeconds(2));
    assertThat(cache.get("h")).isEmpty();
  }

  @Test
  void theBoundHolds_whateverIsPut() {
    ApiKeyCache cache = new ApiKeyCache(2, 30_000, clock);
    for (int i = 0; i < 50; i++) {
      cache.put("k" + i, new ClientId("c" + i));
      assertThat(cache.size()).isLessThanOrEqualTo(2);
    }
    // The newest entry is admitted or not by Caffeine's frequency sketch; a key that keeps
    // being used stays.
    cache.put("hot", new ClientId("hot"));
    for (int i = 0; i < 20; i++) {
      cache.get("hot");
      cache.put("cold" + i, new ClientId("cold"));
    }
    assertThat(cache.get("hot")).contains(new ClientId("hot"));
  }
}
