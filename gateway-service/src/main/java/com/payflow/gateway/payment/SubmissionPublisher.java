package com.payflow.gateway.payment;

import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.gateway.system.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Sends accepted payments to Kafka (idempotent producer, acks=all) and waits for the ack. */
@Component
class SubmissionPublisher {

  private final KafkaTemplate<String, byte[]> kafka;
  private final CircuitBreaker breaker;
  private final TimeLimiter timeLimiter;
  private final GatewayProperties properties;

  SubmissionPublisher(KafkaTemplate<String, byte[]> kafka, CircuitBreaker kafkaBreaker,
      TimeLimiter kafkaSendLimiter, GatewayProperties properties) {
    this.kafka = kafka;
    this.breaker = kafkaBreaker;
    this.timeLimiter = kafkaSendLimiter;
    this.properties = properties;
  }

  /**
   * Fetches the topic's metadata before traffic arrives: otherwise the first burst of requests
   * all block in the producer waiting for it and time out together.
   */
  @EventListener(ApplicationReadyEvent.class)
  void warmUp() {
    try {
      kafka.partitionsFor(properties.submittedTopic());
    } catch (RuntimeException brokerUnavailable) {
      // Not fatal: requests will answer 503 until the broker is back, and retry the metadata.
      org.slf4j.LoggerFactory.getLogger(SubmissionPublisher.class)
          .warn("Kafka metadata for {} not available at start: {}", properties.submittedTopic(),
              brokerUnavailable.toString());
    }
  }

  /** Returns once the broker acknowledged; throws {@link EnqueueFailedException} otherwise. */
  void send(PaymentSubmitted payment) {
    try {
      breaker.executeCallable(() -> timeLimiter.executeFutureSupplier(() -> kafka.send(
          properties.submittedTopic(), payment.payer().value(), EventJson.write(payment))));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new EnqueueFailedException("interrupted while waiting for the Kafka ack",
          interrupted);
    } catch (Exception failed) {
      // Timeout, broker error, open breaker, producer blocked on metadata: not durable.
      throw new EnqueueFailedException("Kafka did not acknowledge within "
          + properties.sendTimeoutMs() + " ms (payflow.gateway.send-timeout-ms): " + failed,
          failed);
    }
  }

  /** The payment is not durably in Kafka; the caller releases the hold and answers 503. */
  static final class EnqueueFailedException extends RuntimeException {
    EnqueueFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
