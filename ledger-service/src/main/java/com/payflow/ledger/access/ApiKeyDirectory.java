package com.payflow.ledger.access;

import com.payflow.ledger.system.AccessProperties;
import com.payflow.redis.RedisSession;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The API client key hashes transaction-service publishes into Redis (standalone or cluster).
 * Connected on first use, not at start: block production and the public reads must not depend on
 * Redis, so a ledger starts (and keeps producing) while Redis is down and only keyed requests fail
 * meanwhile; while disconnected a lookup fails at once and the caller answers 503.
 */
@Component
class ApiKeyDirectory implements AutoCloseable {

  private final RedisSession redis;
  private final String apiKeysHash;

  ApiKeyDirectory(AccessProperties properties) {
    this.apiKeysHash = properties.apiKeysHash();
    this.redis = RedisSession.create(properties.redisSettings());
  }

  /** The client id registered for the key whose SHA-256 hex is {@code keyHash}, if any. */
  Optional<String> clientOf(String keyHash) {
    return Optional.ofNullable(redis.sync().hget(apiKeysHash, keyHash));
  }

  @Override
  public void close() {
    redis.close();
  }
}
