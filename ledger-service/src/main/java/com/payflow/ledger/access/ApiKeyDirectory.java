package com.payflow.ledger.access;

import com.payflow.ledger.system.AccessProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * The API client key hashes transaction-service publishes into Redis. Connected on first use, not
 * at start: block production and the public reads must not depend on Redis, so a ledger starts (and
 * keeps producing) while Redis is down and only keyed requests fail meanwhile.
 */
@Component
class ApiKeyDirectory implements AutoCloseable {

  private final RedisClient client;
  private final String apiKeysHash;
  private final Duration timeout;
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile StatefulRedisConnection<String, String> connection;

  ApiKeyDirectory(AccessProperties properties) {
    this.timeout = Duration.ofMillis(properties.redisTimeoutMs());
    this.apiKeysHash = properties.apiKeysHash();
    RedisURI uri = RedisURI.create(properties.redisUri());
    uri.setTimeout(timeout);
    this.client = RedisClient.create(uri);
    // While disconnected, fail at once instead of queueing until the timeout: the caller
    // answers 503 and the client retries.
    client.setOptions(
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
  }

  /** The client id registered for the key whose SHA-256 hex is {@code keyHash}, if any. */
  Optional<String> clientOf(String keyHash) {
    return Optional.ofNullable(connection().sync().hget(apiKeysHash, keyHash));
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> current = connection;
    if (current != null) {
      return current;
    }
    connecting.lock();
    try {
      if (connection == null) {
        StatefulRedisConnection<String, String> opened = client.connect();
        opened.setTimeout(timeout);
        connection = opened;
      }
      return connection;
    } finally {
      connecting.unlock();
    }
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown();
  }
}
