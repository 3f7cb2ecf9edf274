package com.payflow.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the readiness checks, {@code management.health.kafka.*} and {@code
 * management.health.databases.*} and {@code management.health.redis.*}. A health request waits at
 * most {@code timeout} per check (the checks of one indicator run in parallel), so the health
 * endpoint answers within the sum over the indicators even when a server hangs; a result is reused
 * for {@code cache-time-to-live}, so probes and the dashboard polling every second cost one round
 * trip per interval.
 *
 * @param kafka the broker check
 * @param databases the database (shard pool) checks
 * @param redis the Redis check (services with a RedisSession bean)
 */
@ConfigurationProperties("management.health")
public record HealthCheckProperties(
    @DefaultValue Check kafka, @DefaultValue Check databases, @DefaultValue Check redis) {

  /** Longest wait allowed for one check: the probes' own timeout is 2 s. */
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(2);

  /** Validates both, naming the property to change. */
  public HealthCheckProperties {
    kafka.validate("management.health.kafka");
    databases.validate("management.health.databases");
    redis.validate("management.health.redis");
  }

  /**
   * @param timeout how long a health request waits for the check
   * @param cacheTimeToLive how long its result is reused
   */
  public record Check(
      @DefaultValue("1s") Duration timeout, @DefaultValue("2s") Duration cacheTimeToLive) {

    void validate(String prefix) {
      if (timeout == null
          || timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            prefix + ".timeout must be > 0 and <= " + MAX_TIMEOUT + ", was " + timeout);
      }
      if (cacheTimeToLive == null || cacheTimeToLive.isNegative()) {
        throw new IllegalArgumentException(
            prefix + ".cache-time-to-live must be >= 0, was " + cacheTimeToLive);
      }
    }
  }
}
