package com.payflow.ledger.system;

import com.payflow.redis.RedisSession;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call what (docs/security.md, F6): the operator is recognised by the SHA-256 of its API
 * key, API clients by the key hashes transaction-service publishes into a Redis hash. Only hashes
 * are ever configured or looked up, never keys.
 *
 * @param operatorKeySha256 lower-case hex SHA-256 of the operator API key ({@code
 *     PAYFLOW_OPERATOR_KEY_SHA256}, the same value every service is given)
 * @param redisTopology STANDALONE, or CLUSTER ({@code redisUri} then lists seed nodes)
 * @param redisUri Redis holding the client key hashes
 * @param redisTimeoutMs command and connect timeout of a key lookup
 * @param redisTopologyRefreshMs cluster only: how often the slot map is re-read
 * @param apiKeysHash Redis hash: key SHA-256 hex → client id; must be the one transaction-service
 *     publishes ({@code payflow:apikeys}); tests use their own
 * @param maxApiKeyLength longer {@code X-Api-Key} values are refused before hashing
 */
@ConfigurationProperties("payflow.ledger.access")
public record AccessProperties(
    String operatorKeySha256,
    RedisSession.Topology redisTopology,
    String redisUri,
    long redisTimeoutMs,
    long redisTopologyRefreshMs,
    String apiKeysHash,
    int maxApiKeyLength) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final long MIN_TIMEOUT_MS = 10;
  private static final long MAX_TIMEOUT_MS = 10_000;
  private static final int MAX_KEY_LENGTH = 4_096;
  private static final long MAX_TOPOLOGY_REFRESH_MS = 600_000;

  /** Validates every bound, naming the property to change. */
  public AccessProperties {
    if (operatorKeySha256 == null || !SHA256_HEX.matcher(operatorKeySha256).matches()) {
      throw new IllegalArgumentException(
          "payflow.ledger.access.operator-key-sha256 must be the"
              + " lower-case SHA-256 hex of the operator API key (set PAYFLOW_OPERATOR_KEY_SHA256)");
    }
    if (redisUri == null || !redisUri.startsWith("redis")) {
      throw new IllegalArgumentException(
          "payflow.ledger.access.redis-uri must be a redis:// URI, was " + redisUri);
    }
    if (redisTimeoutMs < MIN_TIMEOUT_MS || redisTimeoutMs > MAX_TIMEOUT_MS) {
      throw new IllegalArgumentException(
          "payflow.ledger.access.redis-timeout-ms must be "
              + MIN_TIMEOUT_MS
              + ".."
              + MAX_TIMEOUT_MS
              + ", was "
              + redisTimeoutMs);
    }
    if (redisTopology == null) {
      throw new IllegalArgumentException(
          "payflow.ledger.access.redis-topology must be STANDALONE or CLUSTER");
    }
    if (redisTopologyRefreshMs < RedisSession.MIN_TOPOLOGY_REFRESH.toMillis()
        || redisTopologyRefreshMs > MAX_TOPOLOGY_REFRESH_MS) {
      throw new IllegalArgumentException(
          "payflow.ledger.access.redis-topology-refresh-ms must be 100.."
              + MAX_TOPOLOGY_REFRESH_MS);
    }
    if (apiKeysHash == null || apiKeysHash.isBlank()) {
      throw new IllegalArgumentException("payflow.ledger.access.api-keys-hash must be set");
    }
    if (maxApiKeyLength < 1 || maxApiKeyLength > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "payflow.ledger.access.max-api-key-length must be 1.."
              + MAX_KEY_LENGTH
              + ", was "
              + maxApiKeyLength);
    }
  }

  /** How to reach Redis: standalone or cluster. */
  public RedisSession.Settings redisSettings() {
    return RedisSession.Settings.of(
        redisTopology, redisUri, redisTimeoutMs, redisTopologyRefreshMs);
  }
}
