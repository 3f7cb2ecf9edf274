package com.payflow.ledger.batch;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/** Whether this instance currently owns the {@code ledger.batches} partition. */
@Component
public class Leadership {

  private final KafkaListenerEndpointRegistry registry;

  Leadership(KafkaListenerEndpointRegistry registry) {
    this.registry = registry;
  }

  /** True while the batch listener has its partition assigned. */
  public boolean holdsBatchesPartition() {
    MessageListenerContainer container = registry.getListenerContainer(SealedBatchListener.ID);
    if (container == null || !container.isRunning()) {
      return false;
    }
    var assigned = container.getAssignedPartitions();
    return assigned != null && !assigned.isEmpty();
  }
}
