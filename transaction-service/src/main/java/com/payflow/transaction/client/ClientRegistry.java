package com.payflow.transaction.client;

import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.redis.RedisSession;
import com.payflow.transaction.system.TransactionProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Publishes the configured API clients (id → key hash) to Redis, where the gateway looks them up.
 * Configuration is the source of truth, so a flushed Redis is repaired at every warm-up.
 */
@Component
public class ClientRegistry {

  private final RedisSession redis;
  private final Map<String, ClientId> clientsByKeyHash = new LinkedHashMap<>();

  ClientRegistry(RedisSession redis, TransactionProperties properties) {
    this.redis = redis;
    for (String entry : properties.clients().split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split(":");
      if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "payflow.transaction.clients entries must be "
                + "<client-id>:<sha256-hex-of-api-key>, got "
                + entry);
      }
      clientsByKeyHash.put(parts[1], new ClientId(parts[0]));
    }
  }

  /** Writes every configured client into Redis. */
  @EventListener(ApplicationReadyEvent.class)
  public void publish() {
    if (clientsByKeyHash.isEmpty()) {
      return;
    }
    Map<String, String> values = new LinkedHashMap<>();
    clientsByKeyHash.forEach((hash, client) -> values.put(hash, client.value()));
    redis.sync().hset(RedisKeys.API_KEYS, values);
  }
}
