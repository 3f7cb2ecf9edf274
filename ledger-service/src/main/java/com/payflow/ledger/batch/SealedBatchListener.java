package com.payflow.ledger.batch;

import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.json.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consumes {@code ledger.batches} (one partition: one total order, one active consumer). The
 * block producer only runs while this listener holds the partition, which makes Kafka's group
 * membership the producer's leader election.
 */
@Component
class SealedBatchListener {

  /** Listener id, also used to ask whether this instance holds the partition. */
  static final String ID = "ledger";

  private final SealedBatches batches;

  SealedBatchListener(SealedBatches batches) {
    this.batches = batches;
  }

  @KafkaListener(id = ID, topics = "${payflow.ledger.batches-topic}")
  @Transactional
  void onBatch(ConsumerRecord<String, byte[]> record) {
    batches.record(EventJson.read(record.value(), BatchSealed.class), record.offset(),
        record.timestamp());
  }
}
