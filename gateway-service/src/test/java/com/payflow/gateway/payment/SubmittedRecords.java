package com.payflow.gateway.payment;

import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.testsupport.RealServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the gateway wrote to a test's submitted topic, read back from the real broker. */
final class SubmittedRecords {

  private static final Duration READ_BOUND = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(200);

  private SubmittedRecords() {}

  /** Every record on {@code topic} whose payer is {@code payer}, from the beginning to the end. */
  static List<PaymentSubmitted> ofPayer(String topic, String payer) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap());
    List<PaymentSubmitted> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_BOUND.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          PaymentSubmitted event = EventJson.read(record.value(), PaymentSubmitted.class);
          if (event.payer().value().equals(payer)) {
            found.add(event);
          }
        }
      }
    }
    return found;
  }
}
