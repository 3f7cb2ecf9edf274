package com.payflow.observability;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.MDC;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * The consumer side of the request id, for every {@code @KafkaListener} of a service (Spring Boot
 * hands these beans to its listener container factory). A record listener runs with the record's
 * request id in the logging context. A batch listener handles many payments in one call, so no
 * single id can be in the context for the call: each record of the batch gets its own trail line
 * ({@link PaymentTrail}) with its request id, and the listener code may open {@link
 * RequestIds#open} around the work of one payment.
 */
public final class RequestIdInterceptors {

  private RequestIdInterceptors() {}

  /** Puts the record's request id into the context while a record listener handles it. */
  public static final class Record implements RecordInterceptor<Object, Object> {

    @Override
    public ConsumerRecord<Object, Object> intercept(
        ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
      String requestId = RequestIds.of(record.headers());
      if (requestId == null) {
        MDC.remove(RequestIds.MDC_KEY);
      } else {
        MDC.put(RequestIds.MDC_KEY, requestId);
        if (PaymentTrail.enabled()) {
          PaymentTrail.step(
              "received {}-{}@{} key {}",
              record.topic(),
              record.partition(),
              record.offset(),
              record.key());
        }
      }
      return record;
    }

    @Override
    public void afterRecord(
        ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
      MDC.remove(RequestIds.MDC_KEY);
    }

    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  /** A trail line per record of a batch, each with its own request id. */
  public static final class Batch implements BatchInterceptor<Object, Object> {

    @Override
    public ConsumerRecords<Object, Object> intercept(
        ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
      if (PaymentTrail.enabled()) {
        for (ConsumerRecord<Object, Object> record : records) {
          String requestId = RequestIds.of(record.headers());
          if (requestId != null) {
            PaymentTrail.step(
                requestId,
                "received {}-{}@{} key {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key());
          }
        }
      }
      return records;
    }
  }
}
