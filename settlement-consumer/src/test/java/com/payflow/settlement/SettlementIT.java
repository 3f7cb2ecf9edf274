package com.payflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.event.RejectionReason;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.routing.ShardRouter;
import com.payflow.settlement.settlement.PaymentSettler;
import com.payflow.testsupport.LedgerInvariants;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.TestDatabases;
import com.payflow.testsupport.TestTopics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * settlement-consumer against real MariaDB and Kafka: its own shard databases and topics, the
 * invariants of docs/architecture.md#invariants checked after every scenario.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementIT {

  private static final int SHARDS = 4;
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);
  private static final ClientId CLIENT = new ClientId("it-client");
  private static final AccountId FUNDING = new AccountId("funding:EUR");

  private final ShardRouter router = ShardRouter.evenlySpread(SHARDS);
  private TestDatabases databases;
  private TestTopics topics;
  private String submittedTopic;
  private String outcomesTopic;
  private ConfigurableApplicationContext app;
  private final List<ConfigurableApplicationContext> extraInstances = new ArrayList<>();
  private String creditsTopicName;
  private String batchesTopicName;
  private KafkaProducer<String, byte[]> producer;
  private Admin admin;

  @BeforeAll
  void startSettlement() throws SQLException {
    RealServers.Endpoints servers = RealServers.get();
    databases = TestDatabases.create("settle");
    for (int shard = 0; shard < SHARDS; shard++) {
      databases.database("shard_" + shard);
    }
    topics = TestTopics.create();
    submittedTopic = topics.topic("payments.submitted", 4);
    String creditsTopic = topics.topic("payments.credits", 4);
    outcomesTopic = topics.topic("payments.outcomes", 4);
    String batchesTopic = topics.topic("ledger.batches", 1);
    topics.exactly(submittedTopic + ".DLT", 4);
    topics.exactly(creditsTopic + ".DLT", 4);
    creditsTopicName = creditsTopic;
    batchesTopicName = batchesTopic;
    app = startInstance();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5"),
            new StringSerializer(),
            new ByteArraySerializer());
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap()));
    openAccount(FUNDING, "FUNDING");
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
    extraInstances.forEach(ConfigurableApplicationContext::close);
    if (app != null) {
      app.close();
    }
    if (topics != null) {
      topics.close();
    }
    if (databases != null) {
      databases.close();
    }
  }

  @Test
  void sameRecordDeliveredThreeTimes_settlesOnce() throws Exception {
    AccountId payee = newCustomer();
    PaymentSubmitted funding = payment(FUNDING, payee, 5_000);
    send(funding);
    send(funding);
    send(funding);
    awaitTransactions(List.of(funding.txId()));
    awaitInvariants();
    assertThat(balance(payee)).isEqualTo(5_000);
    assertThat(rowsOf(funding.txId())).isEqualTo(1);
  }

  @Test
  void mixedBatch_settlesRejectsAndCreditsAcrossShards() throws Exception {
    AccountId payer = newCustomer();
    AccountId sameShardPayee = newCustomerOnShard(router.shardOf(payer));
    AccountId otherShardPayee = newCustomerOnShard((router.shardOf(payer) + 1) % SHARDS);
    fundAndAwait(payer, 10_000);
    PaymentSubmitted local = payment(payer, sameShardPayee, 1_000);
    PaymentSubmitted cross = payment(payer, otherShardPayee, 2_000);
    PaymentSubmitted tooMuch = payment(payer, sameShardPayee, 1_000_000);
    PaymentSubmitted unknownPayee =
        payment(payer, new AccountId("nobody-" + UUID.randomUUID().toString().substring(0, 8)), 10);
    List<PaymentSubmitted> all = List.of(local, cross, tooMuch, unknownPayee);
    all.forEach(this::send);
    awaitTransactions(all.stream().map(PaymentSubmitted::txId).toList());
    awaitInvariants();
    assertThat(status(local.txId())).isEqualTo("SETTLED");
    assertThat(status(cross.txId())).isEqualTo("SETTLED");
    assertThat(status(tooMuch.txId())).isEqualTo("REJECTED:INSUFFICIENT_FUNDS");
    assertThat(status(unknownPayee.txId())).isEqualTo("REJECTED:UNKNOWN_PAYEE");
    assertThat(balance(payer)).isEqualTo(7_000);
    assertThat(balance(sameShardPayee)).isEqualTo(1_000);
    assertThat(balance(otherShardPayee)).isEqualTo(2_000);
  }

  @Test
  void committedButUnacknowledgedBatch_isReannouncedNotResettled() throws Exception {
    AccountId payer = newCustomer();
    AccountId payee = newCustomer();
    fundAndAwait(payer, 3_000);
    PaymentSubmitted payment = payment(payer, payee, 1_200);
    // The consumer died after the shard commit and before publishing / committing offsets:
    // the database has the payment, Kafka redelivers the record.
    app.getBean(PaymentSettler.class).settle(List.of(payment));
    try (KafkaConsumer<String, byte[]> outcomes = outcomeConsumer()) {
      send(payment);
      List<PaymentOutcome> seen =
          awaitOutcomes(outcomes, payment.txId(), PaymentOutcome.Status.SETTLED);
      assertThat(seen).isNotEmpty();
    }
    awaitInvariants();
    assertThat(rowsOf(payment.txId())).isEqualTo(1);
    assertThat(balance(payer)).isEqualTo(1_800);
    assertThat(balance(payee)).isEqualTo(1_200);
  }

  @Test
  void redeliveredRecords_reannounceOutcomesCreditLegAndBatch_notAsResubmissions()
      throws Exception {
    AccountId payer = newCustomer();
    int payerShard = router.shardOf(payer);
    AccountId sameShardPayee = newCustomerOnShard(payerShard);
    AccountId otherShardPayee = newCustomerOnShard((payerShard + 1) % SHARDS);
    fundAndAwait(payer, 5_000);
    PaymentSubmitted local = payment(payer, sameShardPayee, 700);
    PaymentSubmitted cross = payment(payer, otherShardPayee, 900);
    // Committed in the shard, nothing published, offsets not committed (a crash in between).
    app.getBean(PaymentSettler.class).settle(List.of(local, cross));
    long batchSeq = batchSeqOf(payerShard, local.txId());
    assertThat(batchSeqOf(payerShard, cross.txId())).isEqualTo(batchSeq);

    Announced announced = sendAndCollect(List.of(local, cross));

    assertThat(announced.outcomesOf(local.txId()))
        .extracting(PaymentOutcome::status, PaymentOutcome::resubmission)
        .containsExactlyInAnyOrder(
            tuple(PaymentOutcome.Status.SETTLED, false),
            tuple(PaymentOutcome.Status.CREDITED, false));
    assertThat(announced.outcomesOf(cross.txId()))
        .filteredOn(outcome -> outcome.status() == PaymentOutcome.Status.SETTLED)
        .singleElement()
        .extracting(PaymentOutcome::resubmission)
        .isEqualTo(false);
    assertThat(announced.creditLegsOf(cross.txId()))
        .singleElement()
        .satisfies(leg -> assertThat(leg.payee()).isEqualTo(otherShardPayee));
    // Once per poll that carried one of the records: the ledger records each batch once.
    assertThat(announced.batchesOf(payerShard))
        .extracting(BatchSealed::batchSeq)
        .isNotEmpty()
        .containsOnly(batchSeq);
    awaitInvariants();
    assertThat(balance(payer)).isEqualTo(5_000 - 700 - 900);
    assertThat(balance(sameShardPayee)).isEqualTo(700);
    assertThat(balance(otherShardPayee)).isEqualTo(900);
  }

  @Test
  void resubmissionOfSettledPayment_sameShardPayee_isAnsweredOnce_notSettledOrCreditedAgain()
      throws Exception {
    AccountId payer = newCustomer();
    resubmissionOfSettledPayment(payer, newCustomerOnShard(router.shardOf(payer)));
  }

  @Test
  void resubmissionOfSettledPayment_crossShardPayee_isAnsweredOnce_withoutACreditLeg()
      throws Exception {
    AccountId payer = newCustomer();
    resubmissionOfSettledPayment(payer, newCustomerOnShard((router.shardOf(payer) + 1) % SHARDS));
  }

  private void resubmissionOfSettledPayment(AccountId payer, AccountId payee) throws Exception {
    int payerShard = router.shardOf(payer);
    fundAndAwait(payer, 5_000);
    PaymentSubmitted first = payment(payer, payee, 1_200);
    send(first);
    awaitTransactions(List.of(first.txId()));
    awaitInvariants();
    Books before = books(first.txId(), payer, payee);
    assertThat(before.payerBalance()).isEqualTo(3_800);
    assertThat(before.payeeBalance()).isEqualTo(1_200);

    // The client's retry after the gateway lost its idempotency record: same tx id, same
    // payment, submitted again later.
    Announced announced = sendAndCollect(List.of(resubmissionOf(first)));

    assertThat(announced.outcomesOf(first.txId()))
        .as("outcomes of the resubmission")
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.status()).isEqualTo(PaymentOutcome.Status.SETTLED);
              assertThat(answer.resubmission()).as("marked as a resubmission").isTrue();
              assertThat(answer.reason()).isNull();
              assertThat(answer.payer()).isEqualTo(payer);
              assertThat(answer.payee()).isEqualTo(payee);
              assertThat(answer.amount().value()).isEqualTo(1_200);
            });
    assertThat(announced.creditLegsOf(first.txId())).as("credit legs").isEmpty();
    assertThat(announced.batchesOf(payerShard)).as("batches re-announced").isEmpty();
    awaitInvariants();
    assertThat(books(first.txId(), payer, payee)).isEqualTo(before);
  }

  @Test
  void resubmissionOfRejectedPayment_isAnsweredOnceAsRejected_evenIfItWouldSettleNow()
      throws Exception {
    AccountId payer = newCustomer();
    AccountId payee = newCustomer();
    int payerShard = router.shardOf(payer);
    PaymentSubmitted first = payment(payer, payee, 900);
    send(first);
    awaitTransactions(List.of(first.txId()));
    assertThat(status(first.txId())).isEqualTo("REJECTED:INSUFFICIENT_FUNDS");
    // Enough money now: deciding the retry again would settle it.
    fundAndAwait(payer, 5_000);
    Books before = books(first.txId(), payer, payee);

    Announced announced = sendAndCollect(List.of(resubmissionOf(first)));

    assertThat(announced.outcomesOf(first.txId()))
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.status()).isEqualTo(PaymentOutcome.Status.REJECTED);
              assertThat(answer.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
              assertThat(answer.resubmission()).as("marked as a resubmission").isTrue();
            });
    assertThat(announced.creditLegsOf(first.txId())).isEmpty();
    assertThat(announced.batchesOf(payerShard)).isEmpty();
    awaitInvariants();
    assertThat(books(first.txId(), payer, payee)).isEqualTo(before);
    assertThat(before.payerBalance()).isEqualTo(5_000);
    assertThat(before.entriesOfTx()).isZero();
    assertThat(status(first.txId())).isEqualTo("REJECTED:INSUFFICIENT_FUNDS");
  }

  @Test
  void poisonRecord_isDeadLetteredWithCause_andLaterRecordsStillSettle() throws Exception {
    AccountId payee = newCustomer();
    producer
        .send(
            new ProducerRecord<>(
                submittedTopic, "poison", "{not json".getBytes(StandardCharsets.UTF_8)))
        .get(10, TimeUnit.SECONDS);
    PaymentSubmitted after = payment(FUNDING, payee, 700);
    producer
        .send(new ProducerRecord<>(submittedTopic, "poison", EventJson.write(after)))
        .get(10, TimeUnit.SECONDS);
    awaitTransactions(List.of(after.txId()));
    try (KafkaConsumer<String, byte[]> dlt = consumer(submittedTopic + ".DLT")) {
      ConsumerRecord<String, byte[]> dead = pollOne(dlt);
      assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
      assertThat(dead.headers().lastHeader("retry_count")).isNotNull();
      assertThat(
              new String(
                  dead.headers().lastHeader("kafka_dlt-exception-message").value(),
                  StandardCharsets.UTF_8))
          .contains("cannot decode PaymentSubmitted");
    }
    awaitInvariants();
  }

  @Test
  void tenThousandRandomPayments_keepEveryInvariant() throws Exception {
    Random random = new Random(42);
    List<AccountId> accounts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      accounts.add(newCustomer());
    }
    List<TxId> fundings = new ArrayList<>();
    for (AccountId account : accounts) {
      PaymentSubmitted funding = payment(FUNDING, account, 1_000 + random.nextInt(5_000));
      send(funding);
      fundings.add(funding.txId());
    }
    awaitTransactions(fundings);
    List<TxId> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      AccountId payer = accounts.get(random.nextInt(accounts.size()));
      AccountId payee = accounts.get(random.nextInt(accounts.size()));
      if (payer.equals(payee)) {
        continue;
      }
      PaymentSubmitted payment = payment(payer, payee, 1 + random.nextInt(800));
      producer.send(new ProducerRecord<>(submittedTopic, payer.value(), EventJson.write(payment)));
      ids.add(payment.txId());
    }
    producer.flush();
    awaitTransactions(ids);
    LedgerInvariants.Report report = awaitInvariants();
    assertThat(report.rejected()).as("some payments overdraw and are rejected").isPositive();
    assertThat(report.settled()).isPositive();
  }

  @Test
  void hotPayee_fromManyPayersOnTwoInstances_settlesWithoutDeadlocksOrDrift() throws Exception {
    extraInstances.add(startInstance());
    AccountId hot = newCustomer();
    List<AccountId> payers = new ArrayList<>();
    List<TxId> fundings = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      AccountId payer = newCustomer();
      payers.add(payer);
      PaymentSubmitted funding = payment(FUNDING, payer, 10_000);
      send(funding);
      fundings.add(funding.txId());
    }
    awaitTransactions(fundings);
    // A funding is two legs: until its credit leg lands (clearing back to zero) a payer on
    // another shard than the funding account has nothing to spend.
    awaitInvariants();
    List<TxId> ids = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      AccountId payer = payers.get(i % payers.size());
      PaymentSubmitted payment = payment(payer, hot, 1 + (i % 7));
      producer.send(new ProducerRecord<>(submittedTopic, payer.value(), EventJson.write(payment)));
      ids.add(payment.txId());
    }
    producer.flush();
    awaitTransactions(ids);
    awaitInvariants();
    long expected = 0;
    for (int i = 0; i < 4_000; i++) {
      expected += 1 + (i % 7);
    }
    assertThat(balance(hot)).as("hot payee; rejections: %s", rejectionsTo(hot)).isEqualTo(expected);
  }

  /** The same payment under the same tx id, submitted again later (a client's retry). */
  private static PaymentSubmitted resubmissionOf(PaymentSubmitted first) {
    return new PaymentSubmitted(
        first.txId(),
        first.client(),
        first.payer(),
        first.payee(),
        first.amount(),
        first.reference(),
        first.submittedAt().plusSeconds(7));
  }

  /** What settlement published on its three output topics while handling some records. */
  private record Announced(
      List<PaymentOutcome> outcomes,
      List<CreditLegRequested> creditLegs,
      List<BatchSealed> batches) {

    List<PaymentOutcome> outcomesOf(TxId txId) {
      return outcomes.stream().filter(outcome -> outcome.txId().equals(txId)).toList();
    }

    List<CreditLegRequested> creditLegsOf(TxId txId) {
      return creditLegs.stream().filter(leg -> leg.txId().equals(txId)).toList();
    }

    List<BatchSealed> batchesOf(int shard) {
      return batches.stream().filter(batch -> batch.shard() == shard).toList();
    }
  }

  /**
   * Sends {@code payments} once settlement is idle, waits until it has committed its offsets past
   * them (so everything it publishes for them is acknowledged) and its credit legs are applied, and
   * returns what was published meanwhile.
   */
  private Announced sendAndCollect(List<PaymentSubmitted> payments) throws Exception {
    awaitSettlementIdle();
    try (TopicWindow outcomes = TopicWindow.openAtEnd(outcomesTopic);
        TopicWindow credits = TopicWindow.openAtEnd(creditsTopicName);
        TopicWindow batches = TopicWindow.openAtEnd(batchesTopicName)) {
      payments.forEach(this::send);
      awaitSettlementIdle();
      return new Announced(
          outcomes.readToEnd().stream()
              .map(record -> EventJson.read(record.value(), PaymentOutcome.class))
              .toList(),
          credits.readToEnd().stream()
              .map(record -> EventJson.read(record.value(), CreditLegRequested.class))
              .toList(),
          batches.readToEnd().stream()
              .map(record -> EventJson.read(record.value(), BatchSealed.class))
              .toList());
    }
  }

  /**
   * Waits until the settlement group and its credits group have committed offsets at the end of
   * their topics: every record was handled and its events acknowledged (offsets are committed only
   * after the publishes), including the credit legs' CREDITED outcomes.
   */
  private void awaitSettlementIdle() throws Exception {
    String group = "settlement-it-" + topics.suffix();
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (!caughtUp(group, submittedTopic) || !caughtUp(group + "-credits", creditsTopicName)) {
      assertThat(System.nanoTime()).as("settlement idle in time").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private boolean caughtUp(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .forEach(
            partition ->
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      if ((done == null ? 0 : done.offset()) < end.getValue().offset()) {
        return false;
      }
    }
    return true;
  }

  /**
   * What the books hold of one payment: balances of its accounts, its rows (transactions, entries,
   * credit legs on every shard), and the payer shard's transactions, batches and sequence.
   */
  private record Books(
      long payerBalance,
      long payeeBalance,
      long rowsOfTx,
      long entriesOfTx,
      long creditLegsOfTx,
      long payerShardTransactions,
      long payerShardBatches,
      String payerShardSequence) {}

  private Books books(TxId txId, AccountId payer, AccountId payee) throws SQLException {
    long entries = 0;
    long legs = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      entries += queryLong(shard, "SELECT COUNT(*) FROM entries WHERE tx_id = ?", txId);
      legs += queryLong(shard, "SELECT COUNT(*) FROM credit_legs WHERE tx_id = ?", txId);
    }
    int payerShard = router.shardOf(payer);
    String sequence;
    try (Connection connection = databases.connect(databases.prefix() + "_shard_" + payerShard);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT next_tx_seq, next_batch_seq FROM shard_sequence WHERE id = 1");
        ResultSet row = select.executeQuery()) {
      row.next();
      sequence = row.getLong(1) + "/" + row.getLong(2);
    }
    return new Books(
        balance(payer),
        balance(payee),
        rowsOf(txId),
        entries,
        legs,
        queryLong(payerShard, "SELECT COUNT(*) FROM transactions", null),
        queryLong(payerShard, "SELECT COUNT(*) FROM batches", null),
        sequence);
  }

  private long queryLong(int shard, String sql, TxId txId) throws SQLException {
    try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (txId != null) {
        select.setBytes(1, txId.toBytes());
      }
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private long batchSeqOf(int shard, TxId txId) throws SQLException {
    return queryLong(shard, "SELECT batch_seq FROM transactions WHERE tx_id = ?", txId);
  }

  /** Reason → count of the REJECTED payments to {@code payee} (diagnostics for failures). */
  private Map<String, Integer> rejectionsTo(AccountId payee) throws SQLException {
    Map<String, Integer> reasons = new HashMap<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT reason, COUNT(*)"
                      + " FROM transactions WHERE payee = ? AND status = 'REJECTED' GROUP BY reason")) {
        select.setString(1, payee.value());
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            reasons.merge(row.getString(1), row.getInt(2), Integer::sum);
          }
        }
      }
    }
    return reasons;
  }

  @Test
  void deadLetters_canBeReplayed_andSettleExactlyOnce() throws Exception {
    AccountId payee = newCustomer();
    // A valid payment that was dead-lettered earlier (e.g. by a since-fixed bug).
    PaymentSubmitted parked = payment(FUNDING, payee, 4_321);
    ProducerRecord<String, byte[]> dead =
        new ProducerRecord<>(submittedTopic + ".DLT", FUNDING.value(), EventJson.write(parked));
    dead.headers().add("retry_count", "1".getBytes(StandardCharsets.UTF_8));
    dead.headers()
        .add("kafka_dlt-exception-message", "earlier failure".getBytes(StandardCharsets.UTF_8));
    producer.send(dead).get(10, TimeUnit.SECONDS);

    var replay = app.getBean(com.payflow.settlement.deadletter.DeadLetterReplay.class);
    assertThat(replay.replay(submittedTopic, 100).replayed()).isPositive();
    awaitTransactions(List.of(parked.txId()));
    // Replaying again (the parked payment may be among what is replayed) changes nothing.
    replay.replay(submittedTopic, 100);
    awaitInvariants();
    assertThat(balance(payee)).isEqualTo(4_321);
    assertThat(rowsOf(parked.txId())).isEqualTo(1);
  }

  // --- helpers ---------------------------------------------------------------------------

  /** One settlement-consumer instance in the test's consumer group. */
  private ConfigurableApplicationContext startInstance() {
    RealServers.Endpoints servers = RealServers.get();
    String url = servers.jdbcUrl(databases.prefix() + "_shard_{shard}");
    return new SpringApplicationBuilder(SettlementApplication.class)
        .run(
            args(
                Map.ofEntries(
                    Map.entry("server.port", "0"),
                    Map.entry("spring.kafka.bootstrap-servers", servers.kafkaBootstrap()),
                    Map.entry("spring.kafka.consumer.group-id", "settlement-it-" + topics.suffix()),
                    Map.entry("spring.kafka.listener.concurrency", "2"),
                    Map.entry("payflow.shards.count", Integer.toString(SHARDS)),
                    Map.entry("payflow.shards.url-template", url),
                    Map.entry("payflow.shards.username", servers.mysqlAdminUser()),
                    Map.entry("payflow.shards.password", servers.mysqlAdminPassword()),
                    Map.entry("payflow.shards.migrator-username", servers.mysqlAdminUser()),
                    Map.entry("payflow.shards.migrator-password", servers.mysqlAdminPassword()),
                    Map.entry("payflow.settlement.submitted-topic", submittedTopic),
                    Map.entry("payflow.settlement.credits-topic", creditsTopicName),
                    Map.entry("payflow.settlement.outcomes-topic", outcomesTopic),
                    Map.entry("payflow.settlement.batches-topic", batchesTopicName),
                    Map.entry("payflow.settlement.operator-key-sha256", "0".repeat(64)),
                    Map.entry("payflow.settlement.retry-initial-ms", "20"),
                    Map.entry("payflow.settlement.retry-max-ms", "200"))));
  }

  /** Command-line arguments: they win over application.yml (default properties do not). */
  private static String[] args(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  private PaymentSubmitted payment(AccountId payer, AccountId payee, long amount) {
    return new PaymentSubmitted(
        TxId.forPayment(CLIENT, UUID.randomUUID().toString()),
        CLIENT,
        payer,
        payee,
        new Money(amount, java.util.Currency.getInstance("EUR")),
        "it",
        Instant.now());
  }

  private void send(PaymentSubmitted payment) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  submittedTopic, payment.payer().value(), EventJson.write(payment)))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception failed) {
      throw new IllegalStateException("test could not send to Kafka", failed);
    }
  }

  private void fundAndAwait(AccountId account, long amount) throws Exception {
    PaymentSubmitted funding = payment(FUNDING, account, amount);
    send(funding);
    awaitTransactions(List.of(funding.txId()));
    awaitInvariants();
  }

  private AccountId newCustomer() throws SQLException {
    AccountId id = new AccountId("c-" + UUID.randomUUID().toString().substring(0, 12));
    openAccount(id, "CUSTOMER");
    return id;
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
    try (Connection connection = shardOf(id);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT IGNORE INTO accounts"
                    + " (id, owner_client, currency, kind, status, balance) VALUES (?,?,?,?,'OPEN',0)")) {
      insert.setString(1, id.value());
      insert.setString(2, CLIENT.value());
      insert.setString(3, "EUR");
      insert.setString(4, kind);
      insert.executeUpdate();
    }
  }

  private Connection shardOf(AccountId id) throws SQLException {
    return databases.connect(databases.prefix() + "_shard_" + router.shardOf(id));
  }

  private long balance(AccountId id) throws SQLException {
    try (Connection connection = shardOf(id);
        PreparedStatement select =
            connection.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
      select.setString(1, id.value());
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private int rowsOf(TxId txId) throws SQLException {
    int rows = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
          PreparedStatement select =
              connection.prepareStatement("SELECT COUNT(*) FROM transactions WHERE tx_id = ?")) {
        select.setBytes(1, txId.toBytes());
        try (ResultSet row = select.executeQuery()) {
          row.next();
          rows += row.getInt(1);
        }
      }
    }
    return rows;
  }

  private String status(TxId txId) throws SQLException {
    for (int shard = 0; shard < SHARDS; shard++) {
      try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT status, reason FROM transactions WHERE tx_id = ?")) {
        select.setBytes(1, txId.toBytes());
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            return row.getString(2) == null
                ? row.getString(1)
                : row.getString(1) + ":" + row.getString(2);
          }
        }
      }
    }
    return "MISSING";
  }

  private void awaitTransactions(List<TxId> ids) throws Exception {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (true) {
      long present = 0;
      for (int shard = 0; shard < SHARDS; shard++) {
        try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
            java.sql.Statement statement = connection.createStatement()) {
          present += countPresent(statement, ids);
        }
      }
      if (present == ids.size()) {
        return;
      }
      assertThat(System.nanoTime())
          .as("only %d of %d transactions settled in time", present, ids.size())
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static long countPresent(java.sql.Statement statement, List<TxId> ids)
      throws SQLException {
    long present = 0;
    final int chunk = 500;
    for (int from = 0; from < ids.size(); from += chunk) {
      StringBuilder in = new StringBuilder();
      for (TxId id : ids.subList(from, Math.min(ids.size(), from + chunk))) {
        in.append(in.isEmpty() ? "" : ",")
            .append("X'")
            .append(id.toString().replace("-", ""))
            .append('\'');
      }
      try (ResultSet row =
          statement.executeQuery("SELECT COUNT(*) FROM transactions WHERE tx_id IN (" + in + ")")) {
        row.next();
        present += row.getLong(1);
      }
    }
    return present;
  }

  /** Waits for pending credit legs, then requires every invariant to hold. */
  private LedgerInvariants.Report awaitInvariants() throws Exception {
    List<String> shardDatabases = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      shardDatabases.add(databases.prefix() + "_shard_" + shard);
    }
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    LedgerInvariants.Report report;
    do {
      report = LedgerInvariants.check(databases::connect, shardDatabases);
      if (report.holds()) {
        return report;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertThat(report.violations()).as("ledger invariants").isEmpty();
    return report;
  }

  private KafkaConsumer<String, byte[]> consumer(String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private KafkaConsumer<String, byte[]> outcomeConsumer() {
    return consumer(outcomesTopic);
  }

  private static ConsumerRecord<String, byte[]> pollOne(KafkaConsumer<String, byte[]> consumer) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        return record;
      }
    }
    throw new AssertionError("no record arrived in time");
  }

  private static List<PaymentOutcome> awaitOutcomes(
      KafkaConsumer<String, byte[]> consumer, TxId txId, PaymentOutcome.Status status) {
    List<PaymentOutcome> matching = new ArrayList<>();
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (matching.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        PaymentOutcome outcome = EventJson.read(record.value(), PaymentOutcome.class);
        if (outcome.txId().equals(txId) && outcome.status() == status) {
          matching.add(outcome);
        }
      }
    }
    return matching;
  }
}
