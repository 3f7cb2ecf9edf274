package com.payflow.transaction.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.testsupport.RealServers;
import com.payflow.transaction.PaymentStatusFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/payments/{id}} against real shards, Redis and Kafka (ADR 0013): the status
 * hash first, the payment's shard row when Redis lost it, and settlement's committed progress on
 * the submitted topic when no shard has a row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentStatusIT {

  private static final String PROBLEMS = "https://payflow.dev/problems/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PaymentStatusFixture platform;
  private Admin admin;
  private KafkaProducer<String, byte[]> producer;
  private AccountId payer;
  private AccountId payee;

  @BeforeAll
  void start() throws Exception {
    platform = PaymentStatusFixture.get();
    String bootstrap = RealServers.get().kafkaBootstrap();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    payer = platform.openAccount("st-p", PaymentStatusFixture.ALICE);
    payee = platform.openAccount("st-q", PaymentStatusFixture.BOB);
    platform.fund(payer, 10_000);
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void knownStatus_isAnsweredFromRedis_toItsClientAndTheOperator_only() throws Exception {
    // No shard has rows for these ids: what is answered can only come from the status hash.
    TxId accepted = unknownId();
    TxId settled = unknownId();
    TxId rejected = unknownId();
    statusHash(accepted, "ACCEPTED", null);
    statusHash(settled, "SETTLED", null);
    statusHash(rejected, "REJECTED", "INSUFFICIENT_FUNDS");

    assertStatus(accepted, PaymentStatusFixture.ALICE_KEY, "ACCEPTED", null);
    assertStatus(settled, PaymentStatusFixture.ALICE_KEY, "SETTLED", null);
    assertStatus(rejected, PaymentStatusFixture.ALICE_KEY, "REJECTED", "INSUFFICIENT_FUNDS");
    assertStatus(settled, PaymentStatusFixture.OPERATOR_KEY, "SETTLED", null);
    assertStatus(rejected, PaymentStatusFixture.OPERATOR_KEY, "REJECTED", "INSUFFICIENT_FUNDS");
    for (TxId other : new TxId[] {accepted, settled, rejected}) {
      assertProblem(get(other, PaymentStatusFixture.BOB_KEY), 404, "payment-not-found");
    }
  }

  @Test
  void statusLostFromRedis_isAnsweredFromTheShard_andWrittenBack() throws Exception {
    TxId settled = platform.ledger().settle(PaymentStatusFixture.ALICE, payer, payee, 250);
    TxId rejected =
        platform
            .ledger()
            .reject(PaymentStatusFixture.ALICE, payer, payee, 1_000_000, "INSUFFICIENT_FUNDS");
    // Redis lost them (flushed or restarted).
    platform.redis().del(statusKey(settled), statusKey(rejected));

    // Another client learns nothing from the row either.
    assertProblem(get(settled, PaymentStatusFixture.BOB_KEY), 404, "payment-not-found");
    assertStatus(settled, PaymentStatusFixture.ALICE_KEY, "SETTLED", null);
    assertStatus(rejected, PaymentStatusFixture.ALICE_KEY, "REJECTED", "INSUFFICIENT_FUNDS");

    assertThat(platform.redis().hgetall(statusKey(settled)))
        .containsEntry("status", "SETTLED")
        .containsEntry("client", PaymentStatusFixture.ALICE)
        .containsEntry("payer", payer.value());
    assertThat(platform.redis().hgetall(statusKey(rejected)))
        .containsEntry("status", "REJECTED")
        .containsEntry("reason", "INSUFFICIENT_FUNDS")
        .containsEntry("client", PaymentStatusFixture.ALICE)
        .containsEntry("payer", payer.value());
    // Written back: answered from Redis now, to the same callers.
    assertStatus(settled, PaymentStatusFixture.OPERATOR_KEY, "SETTLED", null);
    assertProblem(get(rejected, PaymentStatusFixture.BOB_KEY), 404, "payment-not-found");
  }

  @Test
  void outcomeUnknown_isAnsweredAsSuch_untilTheShardHasTheRow() throws Exception {
    TxId neverArrived = unknownId();
    statusHash(neverArrived, "OUTCOME_UNKNOWN", null);
    assertStatus(neverArrived, PaymentStatusFixture.ALICE_KEY, "OUTCOME_UNKNOWN", null);
    assertProblem(get(neverArrived, PaymentStatusFixture.BOB_KEY), 404, "payment-not-found");

    TxId settledAfterAll = platform.ledger().settle(PaymentStatusFixture.ALICE, payer, payee, 75);
    platform.redis().del(statusKey(settledAfterAll));
    statusHash(settledAfterAll, "OUTCOME_UNKNOWN", null);
    assertStatus(settledAfterAll, PaymentStatusFixture.ALICE_KEY, "SETTLED", null);
    assertThat(platform.redis().hget(statusKey(settledAfterAll), "status")).isEqualTo("SETTLED");
  }

  @Test
  void acceptedWithoutItsSubmitterYet_andNoRow_isNotYetKnown() throws Exception {
    // Kafka acknowledged it, the gateway's bookkeeping (client) is still being completed.
    TxId accepted = unknownId();
    platform
        .redis()
        .hset(statusKey(accepted), Map.of("status", "ACCEPTED", "payer", payer.value()));
    HttpResponse<String> response = get(accepted, PaymentStatusFixture.ALICE_KEY);
    assertProblem(response, 503, "status-not-yet-known");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
  }

  @Test
  void unknownToRedisAndShards_isNotFound_onceSettlementHasCaughtUp() throws Exception {
    commitSettlementAtTheEnd();
    TxId never = unknownId();
    assertProblem(get(never, PaymentStatusFixture.ALICE_KEY), 404, "payment-not-found");
    assertProblem(get(never, PaymentStatusFixture.OPERATOR_KEY), 404, "payment-not-found");
    assertThat(platform.redis().exists(statusKey(never))).isZero();
  }

  @Test
  void unknownToRedisAndShards_isNotYetKnown_whileSettlementIsBehind() throws Exception {
    // A submission settlement has not passed: it may be the payment asked about.
    RecordMetadata pending =
        producer
            .send(
                new ProducerRecord<>(
                    platform.submittedTopic(),
                    payer.value(),
                    "{}".getBytes(StandardCharsets.UTF_8)))
            .get(10, TimeUnit.SECONDS);
    try {
      commitSettlementAtTheEnd();
      commitSettlement(new TopicPartition(pending.topic(), pending.partition()), pending.offset());
      TxId unknown = unknownId();
      long started = System.nanoTime();
      HttpResponse<String> response = get(unknown, PaymentStatusFixture.ALICE_KEY);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertProblem(response, 503, "status-not-yet-known");
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(tookMs)
          .as("waited for settlement to catch up first")
          .isGreaterThanOrEqualTo(PaymentStatusFixture.CATCH_UP_WAIT_MS);

      // Settlement passes it, and it was not that payment: now the answer is certain.
      commitSettlement(
          new TopicPartition(pending.topic(), pending.partition()), pending.offset() + 1);
      assertProblem(get(unknown, PaymentStatusFixture.ALICE_KEY), 404, "payment-not-found");
    } finally {
      commitSettlementAtTheEnd();
    }
  }

  @Test
  void malformedId_is400_andNoOrAnUnknownKey_is401() throws Exception {
    assertProblem(
        platform.getRaw("/api/v1/payments/not-a-uuid", PaymentStatusFixture.ALICE_KEY),
        400,
        "invalid-parameter");
    // UUID.fromString accepts it, but it is not the canonical form.
    assertProblem(
        platform.getRaw("/api/v1/payments/1-1-1-1-1", PaymentStatusFixture.ALICE_KEY),
        400,
        "invalid-parameter");
    TxId settled = platform.ledger().settle(PaymentStatusFixture.ALICE, payer, payee, 10);
    assertProblem(get(settled, null), 401, "unauthorized");
    assertProblem(get(settled, "not-a-registered-key"), 401, "unauthorized");
    // The key is checked before the id: a malformed id without a key is 401, not 400.
    assertProblem(platform.getRaw("/api/v1/payments/not-a-uuid", null), 401, "unauthorized");
  }

  // --- helpers ---------------------------------------------------------------------------

  private static TxId unknownId() {
    return TxId.forPayment(new ClientId(PaymentStatusFixture.ALICE), UUID.randomUUID().toString());
  }

  private static String statusKey(TxId txId) {
    return RedisKeys.status(txId);
  }

  /** The status hash as the gateway (status.lua) and the projection leave it, for ALICE. */
  private void statusHash(TxId txId, String status, String reason) {
    Map<String, String> fields =
        new HashMap<>(
            Map.of("status", status, "client", PaymentStatusFixture.ALICE, "payer", payer.value()));
    if (reason != null) {
      fields.put("reason", reason);
    }
    platform.redis().hset(statusKey(txId), fields);
  }

  @Test
  void acceptedFunding_isShownToTheOperatorAtTheStatusUrlItWasGiven() throws Exception {
    HttpResponse<String> funded =
        platform.postJson(
            "/api/v1/accounts/" + payee + "/funding",
            PaymentStatusFixture.OPERATOR_KEY,
            "st-funding-" + UUID.randomUUID(),
            "{\"value\":500,\"currency\":\"EUR\"}");
    assertThat(funded.statusCode()).as(funded.body()).isEqualTo(202);
    String statusUrl = funded.headers().firstValue("Location").orElseThrow();
    TxId txId = TxId.parse(JSON.readTree(funded.body()).path("transactionId").asString());
    assertThat(statusUrl).isEqualTo("/api/v1/payments/" + txId);

    // No settlement runs beside this service: the funding stays ACCEPTED, and the status hash
    // must say who submitted it, or the operator would be told 503 "not yet known".
    assertStatus(txId, PaymentStatusFixture.OPERATOR_KEY, "ACCEPTED", null);
    assertThat(platform.redis().hget(statusKey(txId), "client")).isEqualTo("system");
    assertThat(get(txId, PaymentStatusFixture.ALICE_KEY).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(TxId txId, String apiKey) throws Exception {
    return platform.getRaw("/api/v1/payments/" + txId, apiKey);
  }

  private void assertStatus(TxId txId, String apiKey, String status, String reason)
      throws Exception {
    HttpResponse<String> response = get(txId, apiKey);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("transactionId").asString()).isEqualTo(txId.toString());
    assertThat(body.path("status").asString()).as(response.body()).isEqualTo(status);
    if (reason == null) {
      assertThat(body.has("reason")).as(response.body()).isFalse();
    } else {
      assertThat(body.path("reason").asString()).isEqualTo(reason);
    }
  }

  private static void assertProblem(HttpResponse<String> response, int status, String kind) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(JSON.readTree(response.body()).path("type").asString()).isEqualTo(PROBLEMS + kind);
  }

  /** Commits the settlement group's offsets at the submitted topic's end offsets. */
  private void commitSettlementAtTheEnd() throws Exception {
    String topic = platform.submittedTopic();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(java.util.List.of(topic))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .forEach(
            partition ->
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
    Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
    admin
        .alterConsumerGroupOffsets(platform.settlementGroup(), ends)
        .all()
        .get(10, TimeUnit.SECONDS);
  }

  private void commitSettlement(TopicPartition partition, long offset) throws Exception {
    admin
        .alterConsumerGroupOffsets(
            platform.settlementGroup(), Map.of(partition, new OffsetAndMetadata(offset)))
        .all()
        .get(10, TimeUnit.SECONDS);
  }
}
