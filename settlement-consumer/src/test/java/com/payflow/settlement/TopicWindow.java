package com.payflow.settlement;

import com.payflow.testsupport.RealServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything published to a topic between two moments: opened at the topic's end offsets, {@link
 * #readToEnd()} returns every record from there up to the end offsets at the time of the call.
 * Without a consumer group (assigned partitions), so nothing is committed anywhere.
 */
final class TopicWindow implements AutoCloseable {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();

  private TopicWindow(String topic) {
    this.topic = topic;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    for (PartitionInfo partition : consumer.partitionsFor(topic)) {
      partitions.add(new TopicPartition(topic, partition.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // position() resolves the lazy seek now, so the window starts at this moment's end.
    partitions.forEach(consumer::position);
  }

  /** A window on {@code topic} that starts at its current end. */
  static TopicWindow openAtEnd(String topic) {
    return new TopicWindow(topic);
  }

  /** The records published since the window opened, up to the topic's end offsets now. */
  List<ConsumerRecord<String, byte[]>> readToEnd() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (!reached(ends)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read " + topic + " up to " + ends + " in time");
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition) < ends.get(partition)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
