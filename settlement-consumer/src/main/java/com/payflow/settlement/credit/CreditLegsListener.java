package com.payflow.settlement.credit;

import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.payment.TxId;
import com.payflow.observability.RequestIds;
import com.payflow.settlement.publishing.SettlementPublisher;
import com.payflow.settlement.system.PoisonRecordException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Map<TxId, String> requestIds = new HashMap<>();
    for (int index = 0; index < records.size(); index++) {
      ConsumerRecord<String, byte[]> record = records.get(index);
      CreditLegRequested leg;
      try {
        leg = EventJson.read(record.value(), CreditLegRequested.class);
      } catch (RuntimeException undecodable) {
        applyAndPublish(legs, requestIds);
        String cause = "cannot decode CreditLegRequested: " + undecodable.getMessage();
        throw new BatchListenerFailedException(
            cause, new PoisonRecordException(cause, undecodable), index);
      }
      legs.add(leg);
      String requestId = RequestIds.of(record.headers());
      if (requestId != null) {
        requestIds.put(leg.txId(), requestId);
      }
    }
    applyAndPublish(legs, requestIds);
  }

  private void applyAndPublish(List<CreditLegRequested> legs, Map<TxId, String> requestIds)
      throws SQLException {
    if (!legs.isEmpty()) {
      publisher.publish(applier.apply(legs), requestIds);
    }
  }
}
