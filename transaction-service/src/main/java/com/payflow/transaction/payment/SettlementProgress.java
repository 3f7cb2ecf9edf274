package com.payflow.transaction.payment;

import com.payflow.transaction.system.TransactionProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Whether settlement has processed every submission that was in Kafka at a given moment: the
 * settlement group's committed offsets have reached the submitted topic's end offsets read at that
 * moment. Settlement commits offsets only after the shard transaction that records the payment
 * (committed or rejected), so once this holds, a payment acknowledged (202) before that moment has
 * its row in a shard.
 */
@Component
class SettlementProgress implements DisposableBean {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

  private final Admin admin;
  private final String topic;
  private final PaymentStatusProperties properties;

  SettlementProgress(
      KafkaAdmin kafkaAdmin,
      TransactionProperties transaction,
      PaymentStatusProperties properties) {
    Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
    config.put("request.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
    config.put("default.api.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
    this.admin = Admin.create(config);
    this.topic = transaction.submittedTopic();
    this.properties = properties;
  }

  /**
   * Reads the end offsets now, then waits up to {@code catch-up-wait-ms} for the settlement group
   * to reach them. Returns whether it did; throws when Kafka cannot tell.
   */
  boolean caughtUpWithNow() throws InterruptedException {
    Map<TopicPartition, Long> ends = endOffsets();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(properties.catchUpWaitMs());
    while (true) {
      if (reached(ends)) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(properties.catchUpPollMs());
    }
  }

  private Map<TopicPartition, Long> endOffsets() throws InterruptedException {
    int partitions =
        await(
                admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .toCompletionStage()
                    .toCompletableFuture())
            .get(topic)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < partitions; partition++) {
      latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
        await(admin.listOffsets(latest).all().toCompletionStage().toCompletableFuture());
    Map<TopicPartition, Long> ends = new HashMap<>();
    infos.forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  private boolean reached(Map<TopicPartition, Long> ends) throws InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(
            admin
                .listConsumerGroupOffsets(properties.settlementGroup())
                .partitionsToOffsetAndMetadata()
                .toCompletionStage()
                .toCompletableFuture());
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      long consumed = done == null ? 0 : done.offset();
      if (consumed < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future)
      throws InterruptedException {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException failed) {
      throw new KafkaUnavailable("Kafka could not tell settlement's progress: " + failed, failed);
    }
  }

  /** Kafka did not answer the admin requests. */
  static final class KafkaUnavailable extends RuntimeException {
    KafkaUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public void destroy() {
    admin.close(ADMIN_TIMEOUT);
  }
}
