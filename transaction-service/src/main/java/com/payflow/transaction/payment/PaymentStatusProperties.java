package com.payflow.transaction.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code GET /api/v1/payments/{id}} when Redis does not know the payment (ADR 0013).
 *
 * @param settlementGroup consumer group of settlement on the submitted topic; must equal
 *     settlement-consumer's {@code spring.kafka.consumer.group-id}
 * @param catchUpWaitMs how long a lookup waits for settlement to pass every submission accepted
 *     before it, before it answers "not known yet" instead of "no such payment"
 * @param catchUpPollMs how often the group's committed offsets are read during that wait
 * @param maxConcurrentChecks lookups that may wait for settlement at once (each costs Kafka admin
 *     requests); more answer 503
 */
@ConfigurationProperties("payflow.payment-status")
record PaymentStatusProperties(
    String settlementGroup, long catchUpWaitMs, long catchUpPollMs, int maxConcurrentChecks) {

  PaymentStatusProperties {
    if (settlementGroup == null || settlementGroup.isBlank()) {
      throw new IllegalArgumentException("payflow.payment-status.settlement-group must be set");
    }
    if (catchUpWaitMs < 0 || catchUpWaitMs > 30_000) {
      throw new IllegalArgumentException(
          "payflow.payment-status.catch-up-wait-ms must be 0..30000, was " + catchUpWaitMs);
    }
    if (catchUpPollMs < 10 || catchUpPollMs > 5_000) {
      throw new IllegalArgumentException(
          "payflow.payment-status.catch-up-poll-ms must be 10..5000, was " + catchUpPollMs);
    }
    if (maxConcurrentChecks < 1 || maxConcurrentChecks > 64) {
      throw new IllegalArgumentException(
          "payflow.payment-status.max-concurrent-checks must be"
              + " 1..64, was "
              + maxConcurrentChecks);
    }
  }
}
