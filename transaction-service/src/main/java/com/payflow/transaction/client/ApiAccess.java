package com.payflow.transaction.client;

import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.redis.RedisSession;
import com.payflow.transaction.system.ApiProblem;
import com.payflow.transaction.system.TransactionProperties;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who is calling: the operator (key hash configured) or an API client (key hash registered in Redis
 * {@value RedisKeys#API_KEYS}, published there by {@link ClientRegistry}).
 */
@Component
public class ApiAccess {

  /** Header carrying the API key (same as the gateway). */
  public static final String HEADER = "X-Api-Key";

  /** The operator's pseudo client id. */
  public static final ClientId OPERATOR = new ClientId("operator");

  private final RedisClusterCommands<String, String> redis;
  private final TransactionProperties properties;

  ApiAccess(RedisSession connection, TransactionProperties properties) {
    this.redis = connection.sync();
    this.properties = properties;
  }

  /** The caller, or a 401 problem. */
  public ClientId caller(HttpServletRequest request) {
    String key = request.getHeader(HEADER);
    if (key == null || key.isEmpty() || key.length() > 128) {
      throw unauthorized();
    }
    if (ApiKeyHash.matches(key, properties.operatorKeySha256())) {
      return OPERATOR;
    }
    String hash = ApiKeyHash.of(key);
    String client = redis.hget(RedisKeys.API_KEYS, hash);
    if (client == null) {
      throw unauthorized();
    }
    return new ClientId(client);
  }

  /** The caller if it is the operator, else 401/403. */
  public void requireOperator(HttpServletRequest request) {
    if (!OPERATOR.equals(caller(request))) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "operator role required");
    }
  }

  /**
   * Whether {@code caller} may read an account owned by {@code owner}: its owner or the operator.
   * Callers answer 404 otherwise (ADR 0008: existence is not revealed).
   */
  public static boolean mayRead(ClientId caller, String owner) {
    return OPERATOR.equals(caller) || caller.value().equals(owner);
  }

  private static ApiProblem unauthorized() {
    return new ApiProblem(
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "send a valid API key in the " + HEADER + " header");
  }
}
