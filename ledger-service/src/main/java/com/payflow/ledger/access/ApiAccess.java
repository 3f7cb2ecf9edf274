package com.payflow.ledger.access;

import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.contracts.account.ClientId;
import com.payflow.ledger.system.AccessProperties;
import com.payflow.ledger.system.ApiProblem;
import io.lettuce.core.RedisException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Recognises the caller by its {@code X-Api-Key} (docs/security.md, F6): none is anonymous, the
 * operator's key is recognised by its configured hash, a client's by the hash registered in Redis.
 * A key that is sent but unknown is refused (401), never treated as anonymous.
 */
@Component
public class ApiAccess {

  /** Header carrying the API key (as at the gateway and transaction-service). */
  public static final String HEADER = "X-Api-Key";

  private static final Logger log = LoggerFactory.getLogger(ApiAccess.class);

  private final ApiKeyDirectory directory;
  private final AccessProperties properties;

  ApiAccess(ApiKeyDirectory directory, AccessProperties properties) {
    this.directory = directory;
    this.properties = properties;
  }

  /** The caller; 401 for a key that is not the operator's or a client's, 503 if unknown yet. */
  public Caller caller(HttpServletRequest request) {
    String key = request.getHeader(HEADER);
    if (key == null) {
      return Caller.ANONYMOUS;
    }
    if (key.isEmpty() || key.length() > properties.maxApiKeyLength()) {
      throw unauthorized();
    }
    if (ApiKeyHash.matches(key, properties.operatorKeySha256())) {
      return Caller.OPERATOR;
    }
    Optional<String> client;
    try {
      client = directory.clientOf(ApiKeyHash.of(key));
    } catch (RedisException unavailable) {
      log.warn("API key lookup failed: {}", unavailable.getMessage());
      throw new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "api-keys-unavailable",
          "Service unavailable",
          "API keys cannot be checked right now; retry, or call"
              + " without a key for the public answer");
    }
    try {
      return Caller.client(new ClientId(client.orElseThrow(ApiAccess::unauthorized)));
    } catch (IllegalArgumentException invalid) {
      log.warn(
          "{} holds an invalid client id for a key: {}",
          properties.apiKeysHash(),
          invalid.getMessage());
      throw unauthorized();
    }
  }

  /** Nothing unless the caller is the operator: 401 without a valid key, 403 for a client. */
  public void requireOperator(HttpServletRequest request, String what) {
    Caller caller = caller(request);
    if (caller.role() == Caller.Role.ANONYMOUS) {
      throw unauthorized();
    }
    if (caller.role() != Caller.Role.OPERATOR) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN, "forbidden", "Forbidden", what + " is for the operator only");
    }
  }

  private static ApiProblem unauthorized() {
    return new ApiProblem(
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "Unauthorized",
        "send a valid API key in the " + HEADER + " header");
  }
}
