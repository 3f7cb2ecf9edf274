package com.payflow.ledger.batch;

import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.json.EventJson;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code ledger.batches} (one partition: one total order, one active consumer). The block
 * producer only runs while this listener holds the partition, which makes Kafka's group membership
 * the producer's leader election.
 */
@Component
class SealedBatchListener {

  /** Listener id, also used to ask whether this instance holds the partition. */
  static final String ID = "ledger";

  private final SealedBatches batches;
  private final ConsumerProgress progress;

  SealedBatchListener(SealedBatches batches, ConsumerProgress progress) {
    this.batches = batches;
    this.progress = progress;
  }

  // idIsGroup = false: the group comes from spring.kafka.consumer.group-id (LEDGER_GROUP), so a
  // replay or a test can use its own group; the listener id only names the container.
  @KafkaListener(id = ID, idIsGroup = false, topics = "${payflow.ledger.batches-topic}")
  void onBatch(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
    // One INSERT, committed before the progress moves, so the producer never sees "caught up"
    // through an offset whose batch it cannot read yet.
    batches.record(
        EventJson.read(record.value(), BatchSealed.class), record.offset(), record.timestamp());
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    // The lag is measured from the consumer's position, which is already past every record of
    // this poll; the partition end is position + lag, and this record is the last one iff its
    // offset + 1 reaches that end.
    OptionalLong lag = consumer.currentLag(partition);
    OptionalLong endOffset =
        lag.isPresent()
            ? OptionalLong.of(consumer.position(partition) + lag.getAsLong())
            : OptionalLong.empty();
    progress.seen(record.offset(), endOffset);
  }
}
