package com.payflow.gateway.payment;

import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.gateway.system.GatewayProperties;
import com.payflow.observability.PaymentTrail;
import com.payflow.observability.RequestIds;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends accepted payments to Kafka (idempotent producer, acks=all), waits for the ack and says what
 * is known about the record: acknowledged, certainly not written, or unknown.
 *
 * <p>The distinction rests on where a failure is reported. {@code KafkaProducer.send} reports
 * failures that happen before the record is appended to its buffer (metadata or buffer wait
 * exhausted, serialization, closed producer) either by throwing or by running the callback on the
 * calling thread before it returns; anything reported later comes from the producer's I/O thread
 * about a record that was appended and may have reached the broker. A timeout of our own wait is
 * unknown too: the producer goes on retrying until {@code delivery.timeout.ms}.
 */
@Component
class SubmissionPublisher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SubmissionPublisher.class);

  private final Producer<String, byte[]> producer;
  private final CircuitBreaker breaker;
  private final GatewayProperties properties;

  SubmissionPublisher(
      ProducerFactory<String, byte[]> producers,
      CircuitBreaker kafkaBreaker,
      GatewayProperties properties) {
    this.producer = producers.createProducer();
    this.breaker = kafkaBreaker;
    this.properties = properties;
  }

  /**
   * Fetches the topic's metadata before traffic arrives: otherwise the first burst of requests all
   * block in the producer waiting for it and time out together.
   */
  @EventListener(ApplicationReadyEvent.class)
  void warmUp() {
    try {
      producer.partitionsFor(properties.submittedTopic());
    } catch (RuntimeException brokerUnavailable) {
      // Not fatal: requests will answer 503 until the broker is back, and retry the metadata.
      log.warn(
          "Kafka metadata for {} not available at start: {}",
          properties.submittedTopic(),
          brokerUnavailable.toString());
    }
  }

  /** Sends {@code payment} and waits (bounded) for the broker's acknowledgement. */
  SendOutcome send(PaymentSubmitted payment) {
    if (!breaker.tryAcquirePermission()) {
      return new SendOutcome.NotWritten("the kafka circuit breaker is open");
    }
    long started = System.nanoTime();
    Thread caller = Thread.currentThread();
    CompletableFuture<Void> acked = new CompletableFuture<>();
    boolean[] failedBeforeAppend = {false};
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            properties.submittedTopic(), payment.payer().value(), EventJson.write(payment));
    // The request's id (RequestIdFilter) travels with the payment: one small header.
    RequestIds.addTo(record.headers(), RequestIds.current());
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              acked.complete(null);
              return;
            }
            if (Thread.currentThread() == caller && !acked.isDone()) {
              failedBeforeAppend[0] = true;
            }
            acked.completeExceptionally(error);
          });
    } catch (RuntimeException refusedBeforeAppend) {
      breaker.onError(elapsed(started), TimeUnit.NANOSECONDS, refusedBeforeAppend);
      return new SendOutcome.NotWritten(refusedBeforeAppend.toString());
    }
    try {
      acked.get(properties.sendTimeoutMs(), TimeUnit.MILLISECONDS);
      breaker.onSuccess(elapsed(started), TimeUnit.NANOSECONDS);
      if (PaymentTrail.enabled()) {
        PaymentTrail.step(
            "{} from {} to {} submitted to {}",
            payment.txId(),
            payment.payer().value(),
            payment.payee().value(),
            properties.submittedTopic());
      }
      return new SendOutcome.Acknowledged();
    } catch (ExecutionException failed) {
      breaker.onError(elapsed(started), TimeUnit.NANOSECONDS, failed.getCause());
      return failedBeforeAppend[0]
          ? new SendOutcome.NotWritten(failed.getCause().toString())
          : new SendOutcome.Unknown("the broker answered " + failed.getCause());
    } catch (TimeoutException noAckYet) {
      breaker.onError(elapsed(started), TimeUnit.NANOSECONDS, noAckYet);
      return new SendOutcome.Unknown(
          "no acknowledgement within "
              + properties.sendTimeoutMs()
              + " ms (payflow.gateway.send-timeout-ms); the producer may still deliver it");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      breaker.onError(elapsed(started), TimeUnit.NANOSECONDS, interrupted);
      return new SendOutcome.Unknown("interrupted while waiting for the acknowledgement");
    }
  }

  private static long elapsed(long startedNanos) {
    return System.nanoTime() - startedNanos;
  }

  @Override
  public void destroy() {
    producer.close();
  }
}
