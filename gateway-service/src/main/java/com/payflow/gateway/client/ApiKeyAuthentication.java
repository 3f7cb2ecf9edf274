package com.payflow.gateway.client;

import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.gateway.balance.RedisConnection;
import com.payflow.gateway.system.ApiProblem;
import com.payflow.gateway.system.GatewayProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Authenticates API clients by the {@code X-Api-Key} header. Keys are stored only as SHA-256 hashes
 * (Redis hash {@value RedisKeys#API_KEYS}: hash → client id), registered by transaction-service.
 */
@Component
public class ApiKeyAuthentication {

  /** Header carrying the key. */
  public static final String HEADER = "X-Api-Key";

  private static final int MAX_KEY_LENGTH = 128;

  private final RedisConnection redis;
  private final ApiKeyCache cache;

  ApiKeyAuthentication(RedisConnection redis, GatewayProperties properties, Clock clock) {
    this.redis = redis;
    this.cache =
        new ApiKeyCache(properties.apiKeyCacheEntries(), properties.apiKeyCacheTtlMs(), clock);
  }

  /** The client of the request, or a 401 problem. */
  public ClientId authenticate(HttpServletRequest request) {
    String key = request.getHeader(HEADER);
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw unauthorized();
    }
    String keyHash = ApiKeyHash.of(key);
    Optional<ClientId> cached = cache.get(keyHash);
    if (cached.isPresent()) {
      return cached.get();
    }
    String client = redis.call(commands -> commands.hget(RedisKeys.API_KEYS, keyHash));
    if (client == null) {
      throw unauthorized();
    }
    ClientId id = new ClientId(client);
    cache.put(keyHash, id);
    return id;
  }

  private static ApiProblem unauthorized() {
    return new ApiProblem(
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "Authentication required",
        "send a valid API key in the " + HEADER + " header");
  }
}
