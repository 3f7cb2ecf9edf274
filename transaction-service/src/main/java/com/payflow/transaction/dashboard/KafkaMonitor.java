package com.payflow.transaction.dashboard;

import com.payflow.contracts.event.DeadLetterTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Kafka as the dashboard sees it, read with the admin client every {@code kafka-interval-ms}:
 * consumer lag per partition of the configured groups (end offset − committed offset), the payments
 * submitted (growth of the submitted topic's end offsets), dead letters (count and still-unreplayed
 * count per DLT) and, when a DLT grew, its newest causes (read with a group-less consumer: nothing
 * is committed, no group is created).
 */
final class KafkaMonitor implements AutoCloseable {

  /** Lag of one partition; {@code committed} −1 when the group never committed there. */
  record PartitionLag(int partition, long lag, long committed, long end) {}

  /** Lag of one group on one topic. */
  record GroupLag(String group, String topic, long total, List<PartitionLag> partitions) {}

  /** A dead letter's cause. */
  record Cause(long timestamp, int partition, long offset, String exception, String message) {}

  /** One dead-letter topic: records ever dead-lettered, not yet replayed, newest causes. */
  record DeadLetters(
      String topic, String sourceTopic, long total, long pending, List<Cause> causes) {}

  /** Everything read in one round. */
  record View(
      boolean up,
      String error,
      int brokers,
      List<GroupLag> groups,
      List<String> missingGroups,
      List<DeadLetters> deadLetters,
      long readAt) {}

  private static final Duration CAUSES_POLL = Duration.ofMillis(1500);
  private static final int MESSAGE_LIMIT = 300;

  private final Admin admin;
  private final Map<String, Object> consumerConfig;
  private final DashboardProperties properties;
  private final SecondSeries series;
  private final Clock clock;
  private final long timeoutMs;
  private final MultiGauge lagGauge;
  private final MultiGauge deadLetterGauge;
  private final Map<String, List<TopicPartition>> partitionsByTopic = new HashMap<>();
  private long partitionsReadAt;
  private long submittedEnd = -1;
  private final Map<String, Long> deadLetterEnds = new HashMap<>();
  private final Map<String, List<Cause>> causes = new HashMap<>();
  private KafkaConsumer<byte[], byte[]> causeReader;
  private volatile View view =
      new View(false, "not read yet", 0, List.of(), List.of(), List.of(), 0);

  KafkaMonitor(
      Map<String, Object> adminConfig,
      DashboardProperties properties,
      SecondSeries series,
      MeterRegistry meters,
      Clock clock) {
    this.properties = properties;
    this.series = series;
    this.clock = clock;
    this.timeoutMs = Math.max(1_000, properties.httpTimeoutMs());
    Map<String, Object> config = new HashMap<>(adminConfig);
    config.put("request.timeout.ms", (int) timeoutMs);
    config.put("default.api.timeout.ms", (int) timeoutMs);
    config.put("client.id", "payflow-dashboard-admin");
    this.admin = Admin.create(config);
    this.consumerConfig = new HashMap<>();
    adminConfig.forEach(
        (key, value) -> {
          if (key.equals("bootstrap.servers")
              || key.startsWith("security.")
              || key.startsWith("ssl.")
              || key.startsWith("sasl.")) {
            consumerConfig.put(key, value);
          }
        });
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "payflow-dashboard-dlt");
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    consumerConfig.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    this.lagGauge =
        MultiGauge.builder("payflow.dashboard.consumer.lag")
            .description("records not yet consumed per group and partition (end - committed)")
            .register(meters);
    this.deadLetterGauge =
        MultiGauge.builder("payflow.dashboard.dead.letters")
            .description("records in a dead-letter topic: total ever, pending = not yet replayed")
            .register(meters);
  }

  /** Starts the loop. */
  void start(Loops loops) {
    loops.every("kafka", properties.kafkaIntervalMs(), this::round);
  }

  /** The latest round's view. */
  View view() {
    return view;
  }

  /** One round (one thread only). */
  void round() {
    try {
      int brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new LinkedHashMap<>();
      for (String group : properties.lagGroups()) {
        committed.put(
            group,
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(timeoutMs, TimeUnit.MILLISECONDS));
      }
      Map<String, Map<TopicPartition, OffsetAndMetadata>> replayed = new HashMap<>();
      for (String dlt : properties.deadLetterTopics()) {
        replayed.put(
            dlt,
            admin
                .listConsumerGroupOffsets(
                    DeadLetterTopics.replayGroup(DeadLetterTopics.sourceOf(dlt)))
                .partitionsToOffsetAndMetadata()
                .get(timeoutMs, TimeUnit.MILLISECONDS));
      }
      Set<String> topics = new HashSet<>(properties.deadLetterTopics());
      topics.add(properties.submittedTopic());
      committed
          .values()
          .forEach(offsets -> offsets.keySet().forEach(partition -> topics.add(partition.topic())));
      Map<String, List<TopicPartition>> partitions = partitions(topics);
      List<TopicPartition> all = partitions.values().stream().flatMap(List::stream).toList();
      Map<TopicPartition, Long> ends = offsets(all, OffsetSpec.latest());
      Map<TopicPartition, Long> starts = offsets(all, OffsetSpec.earliest());

      countSubmitted(partitions.getOrDefault(properties.submittedTopic(), List.of()), ends);
      List<GroupLag> groups = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group : committed.entrySet()) {
        if (group.getValue().isEmpty()) {
          missing.add(group.getKey());
          continue;
        }
        Set<String> groupTopics = new java.util.TreeSet<>();
        group.getValue().keySet().forEach(partition -> groupTopics.add(partition.topic()));
        for (String topic : groupTopics) {
          groups.add(
              lag(
                  group.getKey(),
                  topic,
                  partitions.getOrDefault(topic, List.of()),
                  group.getValue(),
                  ends,
                  starts));
        }
      }
      List<DeadLetters> deadLetters = new ArrayList<>();
      for (String dlt : properties.deadLetterTopics()) {
        deadLetters.add(
            deadLetters(
                dlt,
                partitions.getOrDefault(dlt, List.of()),
                ends,
                starts,
                replayed.getOrDefault(dlt, Map.of())));
      }
      publish(groups, deadLetters);
      view = new View(true, null, brokers, groups, missing, deadLetters, clock.millis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (Exception unavailable) {
      View before = view;
      view =
          new View(
              false,
              ShardMonitor.rootMessage(unavailable),
              0,
              before.groups(),
              before.missingGroups(),
              before.deadLetters(),
              before.readAt());
      throw new IllegalStateException("kafka: " + ShardMonitor.rootMessage(unavailable));
    }
  }

  private void countSubmitted(List<TopicPartition> submitted, Map<TopicPartition, Long> ends) {
    if (submitted.isEmpty()) {
      return;
    }
    long total = 0;
    for (TopicPartition partition : submitted) {
      total += ends.getOrDefault(partition, 0L);
    }
    if (submittedEnd >= 0 && total > submittedEnd) {
      series.addSubmitted(clock.millis() / 1000, total - submittedEnd);
    }
    submittedEnd = total;
  }

  /** Lag of {@code group} on {@code topic} (pure; package-private for tests). */
  static GroupLag lag(
      String group,
      String topic,
      List<TopicPartition> partitions,
      Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, Long> ends,
      Map<TopicPartition, Long> starts) {
    List<PartitionLag> lags = new ArrayList<>();
    long total = 0;
    for (TopicPartition partition : partitions) {
      long end = ends.getOrDefault(partition, 0L);
      OffsetAndMetadata done = committed.get(partition);
      long position = done == null ? starts.getOrDefault(partition, 0L) : done.offset();
      long lag = Math.max(0, end - position);
      total += lag;
      lags.add(
          new PartitionLag(partition.partition(), lag, done == null ? -1 : done.offset(), end));
    }
    lags.sort(Comparator.comparingInt(PartitionLag::partition));
    return new GroupLag(group, topic, total, lags);
  }

  private DeadLetters deadLetters(
      String dlt,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> ends,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, OffsetAndMetadata> replayed) {
    long total = 0;
    long pending = 0;
    long endSum = 0;
    for (TopicPartition partition : partitions) {
      long end = ends.getOrDefault(partition, 0L);
      long start = starts.getOrDefault(partition, 0L);
      OffsetAndMetadata done = replayed.get(partition);
      total += Math.max(0, end - start);
      pending += Math.max(0, end - Math.max(start, done == null ? 0 : done.offset()));
      endSum += end;
    }
    Long before = deadLetterEnds.put(dlt, endSum);
    if ((before == null || before != endSum) && properties.deadLetterCauses() > 0 && total > 0) {
      causes.put(dlt, readCauses(partitions, ends, starts));
    } else if (total == 0) {
      causes.remove(dlt);
    }
    return new DeadLetters(
        dlt, DeadLetterTopics.sourceOf(dlt), total, pending, causes.getOrDefault(dlt, List.of()));
  }

  /** The newest dead letters' causes, from the {@code kafka_dlt-exception-*} headers. */
  private List<Cause> readCauses(
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> ends,
      Map<TopicPartition, Long> starts) {
    if (causeReader == null) {
      causeReader =
          new KafkaConsumer<>(
              consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    int wanted = properties.deadLetterCauses();
    List<TopicPartition> nonEmpty =
        partitions.stream()
            .filter(p -> ends.getOrDefault(p, 0L) > starts.getOrDefault(p, 0L))
            .toList();
    causeReader.assign(nonEmpty);
    for (TopicPartition partition : nonEmpty) {
      causeReader.seek(partition, Math.max(starts.get(partition), ends.get(partition) - wanted));
    }
    List<Cause> found = new ArrayList<>();
    long deadline = System.nanoTime() + CAUSES_POLL.toNanos();
    while (System.nanoTime() < deadline
        && nonEmpty.stream().anyMatch(p -> causeReader.position(p) < ends.get(p))) {
      for (ConsumerRecord<byte[], byte[]> record : causeReader.poll(Duration.ofMillis(200))) {
        found.add(
            new Cause(
                record.timestamp(),
                record.partition(),
                record.offset(),
                header(record, "kafka_dlt-exception-fqcn"),
                header(record, "kafka_dlt-exception-message")));
      }
    }
    causeReader.assign(List.of());
    found.sort(Comparator.comparingLong(Cause::timestamp).reversed());
    return List.copyOf(found.subList(0, Math.min(wanted, found.size())));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    if (header == null || header.value() == null) {
      return "";
    }
    String text = new String(header.value(), StandardCharsets.UTF_8);
    return text.length() > MESSAGE_LIMIT ? text.substring(0, MESSAGE_LIMIT) + "…" : text;
  }

  private Map<String, List<TopicPartition>> partitions(Collection<String> topics) throws Exception {
    long now = clock.millis();
    if (now - partitionsReadAt > 30_000 || !partitionsByTopic.keySet().containsAll(topics)) {
      Map<String, TopicDescription> described = new HashMap<>();
      for (String topic : topics) {
        try {
          described.putAll(
              admin
                  .describeTopics(List.of(topic))
                  .allTopicNames()
                  .get(timeoutMs, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.ExecutionException unknownTopic) {
          // a topic that does not exist (yet): no partitions
        }
      }
      partitionsByTopic.clear();
      described.forEach(
          (topic, description) ->
              partitionsByTopic.put(
                  topic,
                  description.partitions().stream()
                      .map(info -> new TopicPartition(topic, info.partition()))
                      .toList()));
      partitionsReadAt = now;
    }
    Map<String, List<TopicPartition>> wanted = new TreeMap<>();
    for (String topic : topics) {
      wanted.put(topic, partitionsByTopic.getOrDefault(topic, List.of()));
    }
    return wanted;
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
      throws Exception {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(partition -> request.put(partition, spec));
    Map<TopicPartition, ListOffsetsResultInfo> result =
        admin.listOffsets(request).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    result.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  private void publish(List<GroupLag> groups, List<DeadLetters> deadLetters) {
    List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
    for (GroupLag group : groups) {
      for (PartitionLag partition : group.partitions()) {
        lagRows.add(
            MultiGauge.Row.of(
                Tags.of(
                    "group",
                    group.group(),
                    "topic",
                    group.topic(),
                    "partition",
                    Integer.toString(partition.partition())),
                partition.lag()));
      }
    }
    lagGauge.register(lagRows, true);
    List<MultiGauge.Row<?>> deadRows = new ArrayList<>();
    for (DeadLetters dlt : deadLetters) {
      deadRows.add(MultiGauge.Row.of(Tags.of("topic", dlt.topic(), "kind", "total"), dlt.total()));
      deadRows.add(
          MultiGauge.Row.of(Tags.of("topic", dlt.topic(), "kind", "pending"), dlt.pending()));
    }
    deadLetterGauge.register(deadRows, true);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
    if (causeReader != null) {
      causeReader.close(Duration.ofSeconds(1));
    }
  }
}
