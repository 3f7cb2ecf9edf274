package com.payflow.settlement.publishing;

import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.payment.TxId;
import com.payflow.observability.PaymentTrail;
import com.payflow.observability.RequestIds;
import com.payflow.settlement.system.SettlementProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes what committed shard batches produced and waits for the broker's acks. Called before
 * the consumer offsets are committed, so a crash in between re-delivers the payments, settlement
 * finds them committed and publishes the same events again (consumers dedupe).
 */
@Component
public class SettlementPublisher {

  private final KafkaTemplate<String, byte[]> kafka;
  private final SettlementProperties properties;

  SettlementPublisher(KafkaTemplate<String, byte[]> kafka, SettlementProperties properties) {
    this.kafka = kafka;
    this.properties = properties;
  }

  /**
   * Sends every event of {@code commit}; returns when all are acknowledged. The outcomes and credit
   * legs of a payment carry its request id ({@code requestIds}, from the records that brought the
   * payments) in their {@link RequestIds#HEADER} header, so the next service logs it too.
   */
  public void publish(ShardCommit commit, Map<TxId, String> requestIds) {
    boolean trail = PaymentTrail.enabled();
    List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
    for (CreditLegRequested leg : commit.creditLegs()) {
      String requestId = requestIds.get(leg.txId());
      sends.add(
          send(properties.creditsTopic(), leg.payee().value(), EventJson.write(leg), requestId));
      if (trail) {
        PaymentTrail.step(
            requestId, "credit leg of {} to {} requested", leg.txId(), leg.payee().value());
      }
    }
    for (PaymentOutcome outcome : commit.outcomes()) {
      String requestId = requestIds.get(outcome.txId());
      sends.add(
          send(
              properties.outcomesTopic(),
              outcome.txId().toString(),
              EventJson.write(outcome),
              requestId));
      if (trail) {
        PaymentTrail.step(
            requestId,
            "outcome of {}: {}{}",
            outcome.txId(),
            outcome.status(),
            outcome.reason() == null ? "" : " " + outcome.reason());
      }
    }
    for (BatchSealed batch : commit.sealedBatches()) {
      sends.add(
          kafka.send(
              properties.batchesTopic(), Integer.toString(batch.shard()), EventJson.write(batch)));
    }
    awaitAll(sends);
  }

  private CompletableFuture<SendResult<String, byte[]>> send(
      String topic, String key, byte[] value, String requestId) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    RequestIds.addTo(record.headers(), requestId);
    return kafka.send(record);
  }

  private void awaitAll(List<CompletableFuture<SendResult<String, byte[]>>> sends) {
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(properties.publishTimeoutMs(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException(
          "interrupted while publishing settlement events", interrupted);
    } catch (ExecutionException | TimeoutException failed) {
      throw new PublishFailedException(
          "settlement events not acknowledged within "
              + properties.publishTimeoutMs()
              + " ms (payflow.settlement.publish-timeout-ms)",
          failed);
    }
  }

  /** The broker did not acknowledge; the batch is retried and the events re-published. */
  public static final class PublishFailedException extends RuntimeException {
    PublishFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
