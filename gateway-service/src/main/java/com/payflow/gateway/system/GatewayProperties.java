package com.payflow.gateway.system;

import com.payflow.redis.RedisSession;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Bounds and endpoints of the intake path; each validated, naming the property to change. */
@ConfigurationProperties("payflow.gateway")
public record GatewayProperties(
    RedisSession.Topology redisTopology,
    String redisUri,
    long redisTimeoutMs,
    long redisTopologyRefreshMs,
    String submittedTopic,
    long sendTimeoutMs,
    long idempotencyTtlSeconds,
    long refusalTtlSeconds,
    long pendingTakeoverMs,
    int maxInFlight,
    long retryAfterSeconds,
    int clientRateLimitPerSecond,
    int clientRateLimitLease,
    String cacheReadyKey,
    int apiKeyCacheEntries,
    long apiKeyCacheTtlMs,
    int breakerWindowSeconds,
    int breakerMinimumCalls,
    int completionRetryCapacity,
    long completionRetryIntervalMs,
    int completionRetryMaxAttempts) {

  /** Validates every bound. */
  public GatewayProperties {
    require(redisTopology != null, "redis-topology (STANDALONE or CLUSTER)", redisTopology);
    require(redisUri != null && redisUri.startsWith("redis"), "redis-uri", redisUri);
    require(
        redisTopologyRefreshMs >= RedisSession.MIN_TOPOLOGY_REFRESH.toMillis()
            && redisTopologyRefreshMs <= 600_000,
        "redis-topology-refresh-ms (100..600000)",
        redisTopologyRefreshMs);
    require(
        redisTimeoutMs >= 10 && redisTimeoutMs <= 10_000,
        "redis-timeout-ms (10..10000)",
        redisTimeoutMs);
    require(submittedTopic != null && !submittedTopic.isBlank(), "submitted-topic", submittedTopic);
    require(
        sendTimeoutMs >= 100 && sendTimeoutMs <= 60_000,
        "send-timeout-ms (100..60000)",
        sendTimeoutMs);
    require(
        idempotencyTtlSeconds >= 60 && idempotencyTtlSeconds <= 90L * 24 * 3600,
        "idempotency-ttl-seconds (60..90 days)",
        idempotencyTtlSeconds);
    require(
        refusalTtlSeconds >= 60 && refusalTtlSeconds <= idempotencyTtlSeconds,
        "refusal-ttl-seconds (60..idempotency-ttl-seconds)",
        refusalTtlSeconds);
    require(
        pendingTakeoverMs > sendTimeoutMs,
        "pending-takeover-ms (> send-timeout-ms)",
        pendingTakeoverMs);
    require(maxInFlight >= 1 && maxInFlight <= 100_000, "max-in-flight (1..100000)", maxInFlight);
    require(
        retryAfterSeconds >= 1 && retryAfterSeconds <= 600,
        "retry-after-seconds (1..600)",
        retryAfterSeconds);
    require(
        apiKeyCacheEntries >= 1 && apiKeyCacheEntries <= 1_000_000,
        "api-key-cache-entries (1..1000000)",
        apiKeyCacheEntries);
    require(
        apiKeyCacheTtlMs >= 0 && apiKeyCacheTtlMs <= 300_000,
        "api-key-cache-ttl-ms (0..300000)",
        apiKeyCacheTtlMs);
    require(cacheReadyKey != null && !cacheReadyKey.isBlank(), "cache-ready-key", cacheReadyKey);
    require(
        breakerWindowSeconds >= 1 && breakerWindowSeconds <= 300,
        "breaker-window-seconds (1..300)",
        breakerWindowSeconds);
    require(
        breakerMinimumCalls >= 1 && breakerMinimumCalls <= 100_000,
        "breaker-minimum-calls (1..100000)",
        breakerMinimumCalls);
    require(
        completionRetryCapacity >= 1 && completionRetryCapacity <= 1_000_000,
        "completion-retry-capacity (1..1000000)",
        completionRetryCapacity);
    require(
        completionRetryIntervalMs >= 10 && completionRetryIntervalMs <= 60_000,
        "completion-retry-interval-ms (10..60000)",
        completionRetryIntervalMs);
    require(
        completionRetryMaxAttempts >= 1 && completionRetryMaxAttempts <= 1_000,
        "completion-retry-max-attempts (1..1000)",
        completionRetryMaxAttempts);
    require(
        clientRateLimitPerSecond >= 1 && clientRateLimitPerSecond <= 1_000_000,
        "client-rate-limit-per-second (1..1000000)",
        clientRateLimitPerSecond);
    require(
        clientRateLimitLease >= 1 && clientRateLimitLease <= 10_000,
        "client-rate-limit-lease (1..10000)",
        clientRateLimitLease);
  }

  /** How to reach Redis: standalone or cluster (docs/kubernetes.md). */
  public RedisSession.Settings redisSettings() {
    return RedisSession.Settings.of(
        redisTopology, redisUri, redisTimeoutMs, redisTopologyRefreshMs);
  }

  private static void require(boolean valid, String property, Object value) {
    if (!valid) {
      throw new IllegalArgumentException("payflow.gateway." + property + " invalid: " + value);
    }
  }
}
