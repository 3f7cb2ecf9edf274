package com.payflow.observability;

import com.payflow.redis.RedisSession;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Redis answers PING (standalone, or the cluster node the session routes it to), bounded by {@code
 * management.health.redis.timeout} and reused for its time to live. For the services whose every
 * answer depends on Redis (the gateway's holds, transaction-service's projection): in their
 * readiness group only, so a pod that cannot reach Redis leaves the Service and is not restarted.
 */
public final class RedisHealthIndicator implements HealthIndicator {

  static final String PREFIX = "management.health.redis";
  private static final String PONG = "PONG";

  private final BoundedCheck check;

  public RedisHealthIndicator(RedisSession redis, HealthCheckProperties.Check bounds) {
    this.check =
        new BoundedCheck(
            bounds,
            PREFIX,
            () -> {
              try {
                String answer = redis.sync().ping();
                return PONG.equals(answer)
                    ? Health.up().withDetail("topology", redis.topology().name()).build()
                    : Health.down().withDetail("error", "PING answered " + answer).build();
              } catch (RuntimeException unreachable) {
                return Health.down().withDetail("error", unreachable.toString()).build();
              }
            });
  }

  /** Connects in the background, so the first health request does not pay for it. */
  public void warmUp() {
    check.start();
  }

  @Override
  public Health health() {
    return check.health();
  }
}
