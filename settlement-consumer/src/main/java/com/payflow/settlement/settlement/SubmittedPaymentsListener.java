package com.payflow.settlement.settlement;

import com.payflow.contracts.event.PaymentSubmitted;
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

/**
 * The consumer group on {@code payments.submitted}. Offsets are committed by the container after
 * this method returns, i.e. after the shard commits and the acknowledged publishes.
 */
@Component
class SubmittedPaymentsListener {

  private final PaymentSettler settler;
  private final SettlementPublisher publisher;

  SubmittedPaymentsListener(PaymentSettler settler, SettlementPublisher publisher) {
    this.settler = settler;
    this.publisher = publisher;
  }

  // idIsGroup = false: the group is spring.kafka.consumer.group-id (SETTLEMENT_GROUP), not the id.
  @KafkaListener(
      id = "settlement",
      idIsGroup = false,
      topics = "${payflow.settlement.submitted-topic}",
      batch = "true")
  void onPayments(List<ConsumerRecord<String, byte[]>> records) throws SQLException {
    List<PaymentSubmitted> payments = new ArrayList<>(records.size());
    Map<TxId, String> requestIds = new HashMap<>();
    for (int index = 0; index < records.size(); index++) {
      ConsumerRecord<String, byte[]> record = records.get(index);
      PaymentSubmitted payment;
      try {
        payment = EventJson.read(record.value(), PaymentSubmitted.class);
      } catch (RuntimeException undecodable) {
        // Settle what came before the poison record; the error handler commits those
        // offsets, dead-letters this record and redelivers the rest.
        settleAndPublish(payments, requestIds);
        String cause = "cannot decode PaymentSubmitted: " + undecodable.getMessage();
        throw new BatchListenerFailedException(
            cause, new PoisonRecordException(cause, undecodable), index);
      }
      payments.add(payment);
      String requestId = RequestIds.of(record.headers());
      if (requestId != null) {
        requestIds.put(payment.txId(), requestId);
      }
    }
    settleAndPublish(payments, requestIds);
  }

  private void settleAndPublish(List<PaymentSubmitted> payments, Map<TxId, String> requestIds)
      throws SQLException {
    if (!payments.isEmpty()) {
      publisher.publish(settler.settle(payments), requestIds);
    }
  }
}
