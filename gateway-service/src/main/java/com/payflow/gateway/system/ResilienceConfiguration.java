package com.payflow.gateway.system;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience4j used directly (its Boot 3 starter does not fit Boot 4): circuit breakers around
 * Redis and Kafka, a bulkhead bounding in-flight intake calls; all exported to Micrometer. The wait
 * for the Kafka ack is bounded by SubmissionPublisher itself, not a TimeLimiter: a timed-out send
 * is not a failed one (the producer may still deliver it), and the answer must say so.
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
  CircuitBreakerRegistry circuitBreakerRegistry(
      GatewayProperties properties, MeterRegistry meters) {
    // A time window, not a count: at thousands of calls per second a 50-call window was one GC
    // pause wide, and a single pause opened the breaker and refused every payment for 5 s.
    CircuitBreakerRegistry registry =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
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

  @Bean
  Bulkhead intakeBulkhead(GatewayProperties properties, MeterRegistry meters) {
    BulkheadRegistry registry =
        BulkheadRegistry.of(
            BulkheadConfig.custom()
                .maxConcurrentCalls(properties.maxInFlight())
                .maxWaitDuration(Duration.ZERO)
                .build());
    TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
    return registry.bulkhead("intake");
  }
}
