package com.payflow.settlement.credit;

import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.json.EventJson;
import com.payflow.settlement.publishing.SettlementPublisher;
import com.payflow.settlement.system.PoisonRecordException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/** The consumer group on {@code payments.credits}: the credit halves of cross-shard payments. */
@Component
class CreditLegsListener {

  private final CreditLegApplier applier;
  private final SettlementPublisher publisher;

  CreditLegsListener(CreditLegApplier applier, SettlementPublisher publisher) {
    this.applier = applier;
    this.publisher = publisher;
  }

  @KafkaListener(
      id = "credits",
      groupId = "${payflow.settlement.credits-group-id}",
      topics = "${payflow.settlement.credits-topic}",
      batch = "true")
  void onCreditLegs(List<ConsumerRecord<String, byte[]>> records) throws SQLException {
    List<CreditLegRequested> legs = new ArrayList<>(records.size());
    for (int index = 0; index < records.size(); index++) {
      try {
        legs.add(EventJson.read(records.get(index).value(), CreditLegRequested.class));
      } catch (RuntimeException undecodable) {
        applyAndPublish(legs);
        String cause = "cannot decode CreditLegRequested: " + undecodable.getMessage();
        throw new BatchListenerFailedException(
            cause, new PoisonRecordException(cause, undecodable), index);
      }
    }
    applyAndPublish(legs);
  }

  private void applyAndPublish(List<CreditLegRequested> legs) throws SQLException {
    if (!legs.isEmpty()) {
      publisher.publish(applier.apply(legs));
    }
  }
}
