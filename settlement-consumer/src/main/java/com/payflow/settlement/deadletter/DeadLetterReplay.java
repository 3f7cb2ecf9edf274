package com.payflow.settlement.deadletter;

import com.payflow.contracts.event.DeadLetterTopics;
import com.payflow.settlement.system.DeadLetterHeaders;
import com.payflow.settlement.system.SettlementProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves dead-lettered records back to their source topic, e.g. after the cause was fixed. The
 * replay group's offsets are committed only after the re-published records are acknowledged, so a
 * crash mid-replay re-publishes (settlement de-duplicates by transaction id), never loses.
 */
@Component
public class DeadLetterReplay {

  /** Header counting delivery attempts across dead-letter round trips. */
  private static final String RETRY_COUNT_HEADER = DeadLetterHeaders.RETRY_COUNT;

  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final List<String> DLT_HEADER_PREFIXES = List.of("kafka_dlt-");

  private final ConsumerFactory<String, byte[]> consumers;
  private final KafkaTemplate<String, byte[]> kafka;
  private final SettlementProperties properties;

  DeadLetterReplay(
      ConsumerFactory<String, byte[]> consumers,
      KafkaTemplate<String, byte[]> kafka,
      SettlementProperties properties) {
    this.consumers = consumers;
    this.kafka = kafka;
    this.properties = properties;
  }

  /** What a replay did. */
  public record Report(String sourceTopic, int replayed) {}

  /** Re-publishes up to {@code maxRecords} dead letters of {@code sourceTopic}. */
  public Report replay(String sourceTopic, int maxRecords) {
    requireReplayable(sourceTopic);
    if (maxRecords < 1 || maxRecords > properties.maxReplayRecords()) {
      throw new IllegalArgumentException(
          "max must be 1.."
              + properties.maxReplayRecords()
              + " (payflow.settlement.max-replay-records)");
    }
    int replayed = 0;
    Properties overrides = new Properties();
    overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxRecords));
    overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (Consumer<String, byte[]> consumer =
        consumers.createConsumer(
            DeadLetterTopics.replayGroup(sourceTopic), null, null, overrides)) {
      String deadLetterTopic = DeadLetterTopics.of(sourceTopic);
      List<TopicPartition> partitions =
          consumer.partitionsFor(deadLetterTopic).stream()
              .map(info -> new TopicPartition(deadLetterTopic, info.partition()))
              .toList();
      consumer.assign(partitions);
      // Only what is dead-lettered now: a record that fails again after its replay lands
      // behind this snapshot and waits for the next replay instead of looping.
      Map<TopicPartition, Long> snapshotEnd = consumer.endOffsets(partitions);
      while (replayed < maxRecords
          && partitions.stream()
              .anyMatch(partition -> consumer.position(partition) < snapshotEnd.get(partition))) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() >= snapshotEnd.get(partition) || replayed >= maxRecords) {
            consumer.seek(partition, record.offset());
            continue;
          }
          sends.add(
              kafka.send(
                  new ProducerRecord<>(
                      sourceTopic, null, record.key(), record.value(), replayHeaders(record))));
          replayed++;
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
            .get(properties.publishTimeoutMs(), TimeUnit.MILLISECONDS);
        consumer.commitSync();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("dead-letter replay interrupted", interrupted);
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException notAcknowledged) {
      throw new IllegalStateException(
          "replayed records not acknowledged; nothing committed, " + "run the replay again",
          notAcknowledged);
    }
    return new Report(sourceTopic, replayed);
  }

  private void requireReplayable(String sourceTopic) {
    if (!sourceTopic.equals(properties.submittedTopic())
        && !sourceTopic.equals(properties.creditsTopic())) {
      throw new IllegalArgumentException(
          "only "
              + properties.submittedTopic()
              + " and "
              + properties.creditsTopic()
              + " have dead letters to replay");
    }
  }

  /** Original headers minus the dead-letter diagnostics, with the attempt count carried on. */
  private static RecordHeaders replayHeaders(ConsumerRecord<String, byte[]> record) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (DLT_HEADER_PREFIXES.stream().noneMatch(header.key()::startsWith)
          && !header.key().equals(RETRY_COUNT_HEADER)) {
        headers.add(header);
      }
    }
    Header count = record.headers().lastHeader(RETRY_COUNT_HEADER);
    String attempts = count == null ? "1" : new String(count.value(), StandardCharsets.UTF_8);
    headers.add(RETRY_COUNT_HEADER, attempts.getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
