package com.payflow.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.observability.PaymentTrail;
import com.payflow.observability.RequestIds;
import com.payflow.testsupport.RealServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * transaction-service's part of issue 17: readiness means Kafka and every shard answer (liveness is
 * the process alone), and an outcome's request id header reaches this service's log.
 */
class ObservabilityIT {

  private final ReadSideApp platform = ReadSideApp.get();

  @Test
  void readinessIncludesKafkaAndTheShards_livenessNoDependency() throws Exception {
    HealthEndpointGroups groups = platform.app.getBean(HealthEndpointGroups.class);
    for (String dependency : List.of("kafka", "databases", "redis")) {
      assertThat(groups.get("readiness").isMember(dependency)).as(dependency).isTrue();
      assertThat(groups.get("liveness").isMember(dependency)).as(dependency).isFalse();
    }
    // Boot's unbounded check of the same shard pools is replaced by "databases".
    assertThat(platform.app.containsBean("dbHealthContributor")).isFalse();
    assertThat(platform.app.containsBean("dbHealthIndicator")).isFalse();

    HttpResponse<String> ready = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      ready = platform.getRaw("/actuator/health/readiness", null);
      if (ready.statusCode() == 200) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(platform.getRaw("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
  }

  @Test
  void anOutcomesRequestId_isInTheLoggingContextOfItsTrailLine() throws Exception {
    LoggingSystem logging = platform.app.getBean(LoggingSystem.class);
    Logger trail = (Logger) LoggerFactory.getLogger(PaymentTrail.LOGGER);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    trail.addAppender(captured);
    logging.setLogLevel(PaymentTrail.LOGGER, LogLevel.INFO);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      AccountId account = new AccountId("trail-" + UUID.randomUUID().toString().substring(0, 8));
      TxId txId = TxId.forSystemTransfer("it-trail", UUID.randomUUID().toString());
      PaymentOutcome outcome =
          new PaymentOutcome(
              txId,
              PaymentOutcome.Status.CREDITED,
              null,
              account,
              account,
              new Money(1, Currency.getInstance("EUR")),
              Instant.now());
      String requestId = "it-" + UUID.randomUUID();
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(platform.outcomesTopic, txId.toString(), EventJson.write(outcome));
      RequestIds.addTo(record.headers(), requestId);
      producer.send(record).get(10, TimeUnit.SECONDS);

      Await.until(
          Duration.ofSeconds(30),
          "a trail line with the outcome's request id",
          () ->
              List.copyOf(captured.list).stream()
                  .anyMatch(
                      event ->
                          requestId.equals(event.getMDCPropertyMap().get(RequestIds.MDC_KEY))
                              && event.getFormattedMessage().contains(txId.toString())));
    } finally {
      logging.setLogLevel(PaymentTrail.LOGGER, null);
      trail.detachAppender(captured);
    }
  }
}
