package com.payflow.transaction.projection;

import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.json.EventJson;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Projects {@code payments.outcomes} into Redis; every event may arrive more than once. */
@Component
class OutcomeProjection {

  private static final Logger log = LoggerFactory.getLogger(OutcomeProjection.class);

  private final BalanceCache cache;

  OutcomeProjection(BalanceCache cache) {
    this.cache = cache;
  }

  // The group is spring.kafka.consumer.group-id (idIsGroup = false), so reconciliation reads
  // the lag of the group that really consumes, and test instances get a group of their own.
  // Its default is the group this listener always used: a new group would start from the
  // earliest offset and re-apply credits whose markers have expired.
  @KafkaListener(
      id = "outcome-projection",
      idIsGroup = false,
      topics = "${payflow.transaction.outcomes-topic}",
      batch = "true")
  void onOutcomes(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      PaymentOutcome outcome;
      try {
        outcome = EventJson.read(record.value(), PaymentOutcome.class);
      } catch (RuntimeException undecodable) {
        // Outcomes are facts already committed in the shards; a broken one cannot change
        // money, only the cache, which reconciliation repairs. Skip it loudly.
        log.error(
            "skipping undecodable outcome at {}-{}@{}",
            record.topic(),
            record.partition(),
            record.offset(),
            undecodable);
        continue;
      }
      cache.apply(outcome);
    }
  }
}
