package com.payflow.settlement.system;

import com.payflow.contracts.event.DeadLetterTopics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Failure policy of both listeners. Poison records go straight to {@code <topic>.DLT} with the
 * cause in headers. Everything else (database down, deadlock, broker not acknowledging) is retried
 * with capped exponential backoff for ever: money is never dead-lettered because a server was
 * briefly unavailable; the partition waits and its lag shows it.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

  private static final String RETRY_COUNT_HEADER = DeadLetterHeaders.RETRY_COUNT;

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  DefaultErrorHandler settlementErrorHandler(
      KafkaTemplate<String, byte[]> template, SettlementProperties properties) {
    // Same partition as the source: infra creates each dead-letter topic with its source's count.
    DeadLetterPublishingRecoverer deadLetters =
        new DeadLetterPublishingRecoverer(
            template,
            (record, failure) ->
                new TopicPartition(DeadLetterTopics.of(record.topic()), record.partition()));
    deadLetters.setHeadersFunction(
        (record, failure) -> {
          RecordHeaders headers = new RecordHeaders();
          int attempts =
              record.headers().lastHeader(RETRY_COUNT_HEADER) == null
                  ? 1
                  : Integer.parseInt(
                          new String(
                              record.headers().lastHeader(RETRY_COUNT_HEADER).value(),
                              StandardCharsets.UTF_8))
                      + 1;
          headers.add(
              RETRY_COUNT_HEADER, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
          return headers;
        });
    ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialMs(), 2.0);
    backOff.setMaxInterval(properties.retryMaxMs());
    DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
    handler.addNotRetryableExceptions(PoisonRecordException.class);
    return handler;
  }
}
