package com.payflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.routing.ShardRouter;
import com.payflow.observability.RequestIds;
import com.payflow.testsupport.PausableRelay;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.TestDatabases;
import com.payflow.testsupport.TestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * settlement-consumer on real MariaDB and Kafka, its shards reached through a {@link
 * PausableRelay}: the request id of a submitted payment comes out on its outcome, its credit leg
 * and the credit leg's outcome; readiness is UP with Kafka and every shard, DOWN (and answered
 * within the bound) while the shards' server is silent as a paused process, when liveness stays UP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestIdAndReadinessIT {

  private static final int SHARDS = 2;
  private static final ClientId CLIENT = new ClientId("it-request-id");
  private static final AccountId FUNDING = new AccountId("funding:EUR");
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
  // The databases check's bound (management.health.databases.timeout, 1 s) plus slack.
  private static final Duration HEALTH_ANSWERED_WITHIN = Duration.ofSeconds(3);

  private final ShardRouter router = ShardRouter.evenlySpread(SHARDS);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private TestDatabases databases;
  private TestTopics topics;
  private PausableRelay relay;
  private String submittedTopic;
  private String creditsTopic;
  private String outcomesTopic;
  private ConfigurableApplicationContext app;
  private String base;
  private KafkaProducer<String, byte[]> producer;

  @BeforeAll
  void start() throws SQLException {
    RealServers.Endpoints servers = RealServers.get();
    databases = TestDatabases.create("reqid");
    for (int shard = 0; shard < SHARDS; shard++) {
      databases.database("shard_" + shard);
    }
    topics = TestTopics.create();
    submittedTopic = topics.topic("payments.submitted", 2);
    creditsTopic = topics.topic("payments.credits", 2);
    outcomesTopic = topics.topic("payments.outcomes", 2);
    String batchesTopic = topics.topic("ledger.batches", 1);
    topics.exactly(submittedTopic + ".DLT", 2);
    topics.exactly(creditsTopic + ".DLT", 2);
    relay = PausableRelay.to(servers.mysqlHost(), servers.mysqlPort());
    String url =
        "jdbc:mysql://127.0.0.1:"
            + relay.port()
            + "/"
            + databases.prefix()
            + "_shard_{shard}?allowPublicKeyRetrieval=true&useSSL=false"
            + "&connectTimeout=2000&socketTimeout=30000";
    Map<String, String> properties =
        Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("spring.kafka.bootstrap-servers", servers.kafkaBootstrap()),
            Map.entry("spring.kafka.consumer.group-id", "settlement-reqid-" + topics.suffix()),
            Map.entry("payflow.shards.count", Integer.toString(SHARDS)),
            Map.entry("payflow.shards.url-template", url),
            Map.entry("payflow.shards.username", servers.mysqlAdminUser()),
            Map.entry("payflow.shards.password", servers.mysqlAdminPassword()),
            Map.entry("payflow.shards.migrator-username", servers.mysqlAdminUser()),
            Map.entry("payflow.shards.migrator-password", servers.mysqlAdminPassword()),
            Map.entry("payflow.settlement.submitted-topic", submittedTopic),
            Map.entry("payflow.settlement.credits-topic", creditsTopic),
            Map.entry("payflow.settlement.outcomes-topic", outcomesTopic),
            Map.entry("payflow.settlement.batches-topic", batchesTopic),
            Map.entry("payflow.settlement.operator-key-sha256", "0".repeat(64)),
            Map.entry("management.endpoint.health.show-components", "always"));
    app =
        new SpringApplicationBuilder(SettlementApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap()),
            new StringSerializer(),
            new ByteArraySerializer());
    openAccount(FUNDING, "FUNDING");
  }

  @AfterAll
  void stop() {
    if (relay != null) {
      relay.resume();
    }
    if (producer != null) {
      producer.close();
    }
    if (app != null) {
      app.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (topics != null) {
      topics.close();
    }
    if (databases != null) {
      databases.close();
    }
  }

  @Test
  void theRequestIdOfASubmittedPayment_isOnItsOutcomeCreditLegAndCreditedOutcome()
      throws Exception {
    AccountId payee = newCustomerOnShard((router.shardOf(FUNDING) + 1) % SHARDS);
    PaymentSubmitted payment =
        new PaymentSubmitted(
            TxId.forPayment(CLIENT, UUID.randomUUID().toString()),
            CLIENT,
            FUNDING,
            payee,
            new Money(2_500, Currency.getInstance("EUR")),
            "it",
            Instant.now());
    String requestId = "it-" + UUID.randomUUID();
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(submittedTopic, FUNDING.value(), EventJson.write(payment));
    RequestIds.addTo(record.headers(), requestId);
    producer.send(record).get(10, TimeUnit.SECONDS);

    ConsumerRecord<String, byte[]> settled =
        await(
            outcomesTopic,
            r -> {
              PaymentOutcome outcome = EventJson.read(r.value(), PaymentOutcome.class);
              return outcome.txId().equals(payment.txId())
                  && outcome.status() == PaymentOutcome.Status.SETTLED;
            });
    ConsumerRecord<String, byte[]> leg =
        await(
            creditsTopic,
            r -> EventJson.read(r.value(), CreditLegRequested.class).txId().equals(payment.txId()));
    ConsumerRecord<String, byte[]> credited =
        await(
            outcomesTopic,
            r -> {
              PaymentOutcome outcome = EventJson.read(r.value(), PaymentOutcome.class);
              return outcome.txId().equals(payment.txId())
                  && outcome.status() == PaymentOutcome.Status.CREDITED;
            });
    for (ConsumerRecord<String, byte[]> carried : List.of(settled, leg, credited)) {
      assertThat(headerValues(carried)).as(carried.topic()).containsExactly(requestId);
    }
  }

  @Test
  void readiness_followsTheShards_livenessDoesNot() throws Exception {
    HttpResponse<String> ready = awaitStatus("/actuator/health/readiness", 200);
    assertThat(ready.body())
        .contains("\"kafka\":{\"status\":\"UP\"")
        .contains("\"databases\":{\"status\":\"UP\"");

    relay.pause();
    try {
      // Within the cache time to live (2 s) plus the timeout, each answer within the bound.
      HttpResponse<String> notReady = awaitStatus("/actuator/health/readiness", 503);
      assertThat(notReady.body()).contains("\"databases\":{\"status\":\"DOWN\"");
      HttpResponse<String> alive = get("/actuator/health/liveness");
      assertThat(alive.statusCode()).isEqualTo(200);
      assertThat(alive.body()).contains("\"UP\"");
      // The whole health (what ./platform and the dashboard read) is DOWN within the bound too.
      assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
    } finally {
      relay.resume();
    }
    awaitStatus("/actuator/health/readiness", 200);
  }

  private HttpResponse<String> get(String path) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("%s answered within the checks' bound", path)
        .isLessThan(HEALTH_ANSWERED_WITHIN);
    return answer;
  }

  private HttpResponse<String> awaitStatus(String path, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> answer = get(path);
    while (answer.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(250);
      answer = get(path);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    return answer;
  }

  private static List<String> headerValues(ConsumerRecord<String, byte[]> record) {
    List<String> values = new ArrayList<>();
    record
        .headers()
        .headers(RequestIds.HEADER)
        .forEach(h -> values.add(new String(h.value(), StandardCharsets.US_ASCII)));
    return values;
  }

  private ConsumerRecord<String, byte[]> await(
      String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (wanted.test(record)) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no such record on " + topic + " within " + SETTLE_TIMEOUT);
  }

  private AccountId newCustomerOnShard(int shard) throws SQLException {
    while (true) {
      AccountId id = new AccountId("c-" + UUID.randomUUID().toString().substring(0, 12));
      if (router.shardOf(id) == shard) {
        openAccount(id, "CUSTOMER");
        return id;
      }
    }
  }

  private void openAccount(AccountId id, String kind) throws SQLException {
    try (Connection connection =
            databases.connect(databases.prefix() + "_shard_" + router.shardOf(id));
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT IGNORE INTO accounts (id, owner_client, currency, kind, status, balance)"
                    + " VALUES (?,?,?,?,'OPEN',0)")) {
      insert.setString(1, id.value());
      insert.setString(2, CLIENT.value());
      insert.setString(3, "EUR");
      insert.setString(4, kind);
      insert.executeUpdate();
    }
  }
}
