package com.payflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Micro-measurement of proof serving and full verification on a chain built by the real block
 * producer. Prints timings and never asserts them (the box is shared); it asserts only that the
 * chain verifies and every proof answers 200. Scale it with {@code -Dledger.perf.transactions},
 * {@code -Dledger.perf.batch-size} and {@code -Dledger.perf.proof-seconds}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerThroughputIT {

  private static final int SHARDS = 4;
  private static final int TRANSACTIONS = Integer.getInteger("ledger.perf.transactions", 20_000);
  private static final int BATCH_SIZE = Integer.getInteger("ledger.perf.batch-size", 100);
  private static final int PROOF_SECONDS = Integer.getInteger("ledger.perf.proof-seconds", 5);
  private static final int PROOF_CONNECTIONS = 16;
  private static final int VERIFY_RUNS = Integer.getInteger("ledger.perf.verify-runs", 3);
  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final long NANOS_PER_MILLI = 1_000_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LedgerFixture ledger;
  private TestDatabases databases;
  private KafkaProducer<String, byte[]> producer;
  private String baseUrl;
  private final List<TxId> sealed = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

  @BeforeAll
  void start() throws Exception {
    ledger = LedgerFixture.create("ledgerperf", SHARDS);
    databases = ledger.databases();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.get().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    ledger.startLedger(
        Map.of(
            "payflow.ledger.block-interval-ms", "200",
            "payflow.ledger.block-close-grace-ms", "200",
            "payflow.ledger.producer-poll-ms", "20",
            "logging.level.com.payflow", "WARN"));
    baseUrl = ledger.baseUrl();
    long started = System.nanoTime();
    seal(ledger.batchesTopic());
    awaitLogSize(sealed.size());
    System.out.printf(
        "[perf] built a chain of %d transactions (batches of %d, %d shards) in" + " %d ms%n",
        sealed.size(), BATCH_SIZE, SHARDS, (System.nanoTime() - started) / NANOS_PER_MILLI);
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  @Order(1)
  void fullVerification_throughput() throws Exception {
    for (int run = 1; run <= VERIFY_RUNS; run++) {
      long started = System.nanoTime();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/chain/verify"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .header(LedgerFixture.API_KEY, ledger.operatorKey())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long wallMs = (System.nanoTime() - started) / NANOS_PER_MILLI;
      JsonNode report = JSON.readTree(response.body());
      assertThat(report.path("valid").asBoolean()).as(response.body()).isTrue();
      System.out.printf(
          "[perf] verify run %d: %d tx, %d batches, %d blocks in %d ms"
              + " (wall %d ms) = %d tx/s%n",
          run,
          report.path("transactionsChecked").asLong(),
          report.path("batchesChecked").asLong(),
          report.path("blocksChecked").asLong(),
          report.path("elapsedMs").asLong(),
          wallMs,
          report.path("transactionsPerSecond").asLong());
    }
  }

  @Test
  @Order(2)
  void proofs_throughputAndLatency() throws Exception {
    runProofs(Duration.ofSeconds(2), false);
    runProofs(Duration.ofSeconds(PROOF_SECONDS), true);
  }

  private void runProofs(Duration duration, boolean print) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    AtomicLong failures = new AtomicLong();
    List<long[]> perClient = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < PROOF_CONNECTIONS; c++) {
        long[] latencies = new long[1 << 20];
        perClient.add(latencies);
        clients.submit(
            () -> {
              int n = 0;
              while (System.nanoTime() < deadline && n < latencies.length - 1) {
                TxId txId = sealed.get(ThreadLocalRandom.current().nextInt(sealed.size()));
                long started = System.nanoTime();
                HttpResponse<String> response =
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create(baseUrl + "/api/v1/transactions/" + txId + "/proof"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                latencies[++n] = System.nanoTime() - started;
                if (response.statusCode() != 200) {
                  failures.incrementAndGet();
                }
              }
              latencies[0] = n;
              return null;
            });
      }
    }
    long[] all =
        perClient.stream()
            .flatMapToLong(l -> Arrays.stream(l, 1, 1 + (int) l[0]))
            .sorted()
            .toArray();
    if (print) {
      System.out.printf(
          "[perf] proofs: %d in %d s at %d connections = %d/s, p50 %.2f ms,"
              + " p99 %.2f ms, max %.2f ms, non-200 %d%n",
          all.length,
          duration.toSeconds(),
          PROOF_CONNECTIONS,
          all.length / Math.max(1, duration.toSeconds()),
          percentile(all, 50),
          percentile(all, 99),
          all[all.length - 1] / 1e6,
          failures.get());
    }
    assertThat(failures.get()).isZero();
  }

  private static double percentile(long[] sorted, int percent) {
    return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1e6;
  }

  /** Seals TRANSACTIONS rows in batches round-robin over the shards, as settlement does. */
  private void seal(String topic) throws Exception {
    long[] nextSeq = new long[SHARDS];
    long[] nextBatch = new long[SHARDS];
    Arrays.fill(nextSeq, 1);
    Arrays.fill(nextBatch, 1);
    for (int done = 0, shard = 0; done < TRANSACTIONS; shard = (shard + 1) % SHARDS) {
      int size = Math.min(BATCH_SIZE, TRANSACTIONS - done);
      long firstSeq = nextSeq[shard];
      long batchSeq = nextBatch[shard]++;
      Sha256Hash root = insertRows(shard, batchSeq, firstSeq, size);
      nextSeq[shard] += size;
      producer.send(
          new ProducerRecord<>(
              topic,
              Integer.toString(shard),
              EventJson.write(
                  new BatchSealed(
                      shard, batchSeq, firstSeq, firstSeq + size - 1, root, Instant.now()))));
      done += size;
    }
    producer.flush();
  }

  private Sha256Hash insertRows(int shard, long batchSeq, long firstSeq, int size)
      throws Exception {
    long decided = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    List<Sha256Hash> leaves = new ArrayList<>(size);
    try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
        PreparedStatement insert = SealedRowInserts.prepare(connection)) {
      for (int i = 0; i < size; i++) {
        long seq = firstSeq + i;
        TxId txId = TxId.forSystemTransfer("perf", shard + "/" + seq + "/" + decided);
        boolean settled = seq % 5 != 0;
        SealedTransaction tx =
            new SealedTransaction(
                txId,
                shard,
                seq,
                new AccountId("payer-" + (seq % 50)),
                new AccountId("payee-" + (seq % 70)),
                new Money(100 + seq, Currency.getInstance("EUR")),
                settled ? "SETTLED" : "REJECTED",
                settled ? null : "INSUFFICIENT_FUNDS",
                "perf " + seq,
                decided);
        leaves.add(SealedRowInserts.add(insert, tx, batchSeq, "perf"));
        sealed.add(txId);
      }
      insert.executeBatch();
      Sha256Hash root =
          SealedRowInserts.sealBatch(connection, batchSeq, firstSeq, firstSeq + size - 1, leaves);
      return root;
    }
  }

  private void awaitLogSize(long size) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (logSize() < size) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for log size " + size);
      }
      Thread.sleep(200);
    }
  }

  private long logSize() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/chain/head")).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200
        ? JSON.readTree(response.body()).path("logSize").asLong()
        : 0;
  }
}
