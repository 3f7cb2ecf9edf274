package com.payflow.gateway.client;

import com.payflow.contracts.account.ClientId;
import com.payflow.gateway.system.ApiProblem;
import com.payflow.gateway.system.GatewayProperties;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** A Resilience4j rate limiter per API client; exceeding it answers 429 with Retry-After. */
@Component
public class ClientRateLimits {

  private static final Duration REFRESH_PERIOD = Duration.ofSeconds(1);

  private final RateLimiterRegistry registry;

  ClientRateLimits(GatewayProperties properties, MeterRegistry meters) {
    this.registry =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(properties.clientRateLimitPerSecond())
                .limitRefreshPeriod(REFRESH_PERIOD)
                .timeoutDuration(Duration.ZERO)
                .build());
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(registry).bindTo(meters);
  }

  /** Takes one permit for {@code client} or throws a 429 problem. */
  public void acquire(ClientId client) {
    RateLimiter limiter = registry.rateLimiter("client-" + client.value());
    if (!limiter.acquirePermission()) {
      throw new ApiProblem(
          HttpStatus.TOO_MANY_REQUESTS,
          "rate-limited",
          "Too many requests",
          "client " + client + " exceeded its rate limit",
          Map.of(),
          REFRESH_PERIOD.toSeconds());
    }
  }
}
