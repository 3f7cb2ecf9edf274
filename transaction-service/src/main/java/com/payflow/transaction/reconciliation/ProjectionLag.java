package com.payflow.transaction.reconciliation;

import com.payflow.transaction.system.TransactionProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How many outcome records the projection has not applied yet: end offsets of {@code
 * payments.outcomes} minus the projection group's committed offsets.
 */
@Component
class ProjectionLag implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProjectionLag.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Admin admin;
  private final String topic;
  private final String group;

  ProjectionLag(KafkaAdmin kafkaAdmin, KafkaProperties kafka, TransactionProperties properties) {
    Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
    config.put("request.timeout.ms", (int) TIMEOUT.toMillis());
    config.put("default.api.timeout.ms", (int) TIMEOUT.toMillis());
    this.admin = Admin.create(config);
    this.topic = properties.outcomesTopic();
    this.group = kafka.getConsumer().getGroupId();
  }

  /** The lag in records, or empty when Kafka cannot tell (unreachable, group unknown). */
  OptionalLong records() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      int partitions =
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int partition = 0; partition < partitions; partition++) {
        latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long lag = 0;
      for (var end : ends.entrySet()) {
        OffsetAndMetadata done = committed.get(end.getKey());
        long consumed = done == null ? 0 : done.offset();
        lag += Math.max(0, end.getValue().offset() - consumed);
      }
      return OptionalLong.of(lag);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    } catch (Exception unknown) {
      log.warn(
          "cannot read the projection lag of group {} on {}: {}", group, topic, unknown.toString());
      return OptionalLong.empty();
    }
  }

  @Override
  public void close() {
    admin.close(TIMEOUT);
  }
}
