package com.payflow.settlement.publishing;

import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.json.EventJson;
import com.payflow.settlement.system.SettlementProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /** Sends every event of {@code commit}; returns when all are acknowledged. */
  public void publish(ShardCommit commit) {
    List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
    for (CreditLegRequested leg : commit.creditLegs()) {
      sends.add(kafka.send(properties.creditsTopic(), leg.payee().value(), EventJson.write(leg)));
    }
    for (PaymentOutcome outcome : commit.outcomes()) {
      sends.add(
          kafka.send(
              properties.outcomesTopic(), outcome.txId().toString(), EventJson.write(outcome)));
    }
    for (BatchSealed batch : commit.sealedBatches()) {
      sends.add(
          kafka.send(
              properties.batchesTopic(), Integer.toString(batch.shard()), EventJson.write(batch)));
    }
    awaitAll(sends);
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
