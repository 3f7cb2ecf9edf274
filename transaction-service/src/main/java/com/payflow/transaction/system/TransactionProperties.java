package com.payflow.transaction.system;

import com.payflow.redis.RedisSession;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Endpoints, topics and credentials of the read side. {@code clients} lists API clients as {@code
 * id:sha256-of-key} pairs (comma separated); keys themselves are never configured.
 */
@ConfigurationProperties("payflow.transaction")
public record TransactionProperties(
    RedisSession.Topology redisTopology,
    String redisUri,
    long redisTimeoutMs,
    long redisTopologyRefreshMs,
    String submittedTopic,
    String outcomesTopic,
    long sendTimeoutMs,
    String operatorKeySha256,
    String clients,
    long creditMarkerTtlSeconds) {

  /** Validates every bound, naming the property to change. */
  public TransactionProperties {
    if (redisUri == null || !redisUri.startsWith("redis")) {
      throw new IllegalArgumentException("payflow.transaction.redis-uri invalid: " + redisUri);
    }
    if (redisTopology == null) {
      throw new IllegalArgumentException(
          "payflow.transaction.redis-topology must be STANDALONE or CLUSTER");
    }
    if (redisTopologyRefreshMs < RedisSession.MIN_TOPOLOGY_REFRESH.toMillis()
        || redisTopologyRefreshMs > 600_000) {
      throw new IllegalArgumentException(
          "payflow.transaction.redis-topology-refresh-ms 100..600000");
    }
    if (redisTimeoutMs < 10 || redisTimeoutMs > 10_000) {
      throw new IllegalArgumentException("payflow.transaction.redis-timeout-ms 10..10000");
    }
    if (sendTimeoutMs < 100 || sendTimeoutMs > 60_000) {
      throw new IllegalArgumentException("payflow.transaction.send-timeout-ms 100..60000");
    }
    if (operatorKeySha256 == null || !operatorKeySha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "payflow.transaction.operator-key-sha256 must be the "
              + "SHA-256 hex of the operator API key (set PAYFLOW_OPERATOR_KEY_SHA256)");
    }
    if (creditMarkerTtlSeconds < 3600) {
      throw new IllegalArgumentException(
          "payflow.transaction.credit-marker-ttl-seconds must be >= 3600");
    }
    clients = clients == null ? "" : clients;
  }

  /** How to reach Redis: standalone or cluster (docs/kubernetes.md). */
  public RedisSession.Settings redisSettings() {
    return RedisSession.Settings.of(
        redisTopology, redisUri, redisTimeoutMs, redisTopologyRefreshMs);
  }
}
