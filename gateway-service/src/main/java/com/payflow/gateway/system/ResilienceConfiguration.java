package com.payflow.gateway.system;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience4j used directly (its Boot 3 starter does not fit Boot 4): circuit breakers around
 * Redis and Kafka, a bulkhead bounding in-flight intake calls; all exported to Micrometer.
 */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

  private static final float FAILURE_RATE_PERCENT = 50f;
  private static final Duration OPEN_STATE_WAIT = Duration.ofSeconds(5);
  private static final int HALF_OPEN_PROBES = 5;

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  CircuitBreakerRegistry circuitBreakerRegistry(GatewayProperties properties,
      MeterRegistry meters) {
    // A time window, not a count: at thousands of calls per second a 50-call window was one GC
    // pause wide, and a single pause opened the breaker and refused every payment for 5 s.
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .failureRateThreshold(FAILURE_RATE_PERCENT)
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .slidingWindowSize(properties.breakerWindowSeconds())
        .minimumNumberOfCalls(properties.breakerMinimumCalls())
        .waitDurationInOpenState(OPEN_STATE_WAIT)
        .permittedNumberOfCallsInHalfOpenState(HALF_OPEN_PROBES)
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        .build());
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    return registry;
  }

  @Bean
  CircuitBreaker redisBreaker(CircuitBreakerRegistry registry) {
    return registry.circuitBreaker("redis");
  }

  @Bean
  CircuitBreaker kafkaBreaker(CircuitBreakerRegistry registry) {
    return registry.circuitBreaker("kafka");
  }

  /** Bounds the wait for the Kafka ack; a timeout counts as a failure of the kafka breaker. */
  @Bean
  TimeLimiter kafkaSendLimiter(GatewayProperties properties, MeterRegistry meters) {
    TimeLimiterRegistry registry = TimeLimiterRegistry.of(TimeLimiterConfig.custom()
        .timeoutDuration(Duration.ofMillis(properties.sendTimeoutMs()))
        .cancelRunningFuture(false)
        .build());
    TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(registry).bindTo(meters);
    return registry.timeLimiter("kafka-send");
  }

  @Bean
  Bulkhead intakeBulkhead(GatewayProperties properties, MeterRegistry meters) {
    BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.custom()
        .maxConcurrentCalls(properties.maxInFlight())
        .maxWaitDuration(Duration.ZERO)
        .build());
    TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
    return registry.bulkhead("intake");
  }
}
