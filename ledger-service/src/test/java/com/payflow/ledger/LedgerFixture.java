package com.payflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.TestDatabases;
import com.payflow.testsupport.TestTopics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ledger-service started in-process against the real servers (MariaDB, Kafka, Redis): its own
 * ledger and shard databases, its own ledger.batches topic, its own API-key hash in Redis and a
 * fresh operator key. Sealed rows are written the way settlement writes them. Closing drops
 * everything it created.
 */
final class LedgerFixture implements AutoCloseable {

  /** How long a test waits for blocks. */
  static final Duration WAIT = Duration.ofSeconds(60);

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** Header the ledger reads API keys from. */
  static final String API_KEY = "X-Api-Key";

  private final int shards;
  private final Path runDir;
  private final TestDatabases databases;
  private final TestTopics topics;
  private final String batchesTopic;
  private final KafkaProducer<String, byte[]> producer;
  private final RedisClient redisClient;
  private final StatefulRedisConnection<String, String> redis;
  private final String apiKeysHash;
  private final String operatorKey = "op-it-" + UUID.randomUUID();
  private final long[] nextSeq;
  private final long[] nextBatch;
  private final List<TxId> sealed = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private ConfigurableApplicationContext app;
  private String baseUrl;

  private LedgerFixture(String name, int shards) throws Exception {
    this.shards = shards;
    this.nextSeq = new long[shards];
    this.nextBatch = new long[shards];
    Arrays.fill(nextSeq, 1);
    Arrays.fill(nextBatch, 1);
    RealServers.Endpoints servers = RealServers.get();
    runDir = Files.createTempDirectory(name);
    databases = TestDatabases.create(name);
    for (int shard = 0; shard < shards; shard++) {
      Flyway.configure()
          .dataSource(
              servers.jdbcUrl(databases.database("shard_" + shard)),
              servers.mysqlAdminUser(),
              servers.mysqlAdminPassword())
          .locations("classpath:db/shard")
          .load()
          .migrate();
    }
    topics = TestTopics.create();
    batchesTopic = topics.topic("ledger.batches", 1);
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    // Its own hash: the platform's payflow:apikeys is compared by the security tests.
    apiKeysHash = "payflow:apikeys:it-" + topics.suffix();
    redisClient = RedisClient.create(servers.redisUri());
    redis = redisClient.connect();
  }

  /** Databases, topic and Redis hash for a chain over {@code shards} shards; no ledger yet. */
  static LedgerFixture create(String name, int shards) throws Exception {
    return new LedgerFixture(name, shards);
  }

  /** Starts THE ledger (database "ledger") with these property overrides. */
  void startLedger(Map<String, String> overrides) {
    app = run("ledger", group(), overrides);
    baseUrl = baseUrlOf(app);
  }

  /** The consumer group of THE ledger: another instance in it is a standby replica. */
  String group() {
    return "ledger-it-" + topics.suffix();
  }

  static String baseUrlOf(ConfigurableApplicationContext context) {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  /** Stops the ledger (a crash between blocks, as far as Kafka and the database can tell). */
  void stopLedger() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  /** Another ledger-service on database {@code database} and consumer group {@code group}. */
  ConfigurableApplicationContext run(String database, String group, Map<String, String> overrides) {
    RealServers.Endpoints servers = RealServers.get();
    Map<String, String> properties =
        new HashMap<>(
            Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.datasource.url", servers.jdbcUrl(databases.database(database))),
                Map.entry("spring.datasource.username", servers.mysqlAdminUser()),
                Map.entry("spring.datasource.password", servers.mysqlAdminPassword()),
                Map.entry("spring.flyway.user", servers.mysqlAdminUser()),
                Map.entry("spring.flyway.password", servers.mysqlAdminPassword()),
                Map.entry("spring.kafka.bootstrap-servers", servers.kafkaBootstrap()),
                Map.entry("spring.kafka.consumer.group-id", group),
                Map.entry("payflow.ledger.batches-topic", batchesTopic),
                Map.entry("payflow.ledger.shards.count", Integer.toString(shards)),
                Map.entry(
                    "payflow.ledger.shards.url-template",
                    servers.jdbcUrl(databases.prefix() + "_shard_{shard}")),
                Map.entry("payflow.ledger.shards.username", servers.mysqlAdminUser()),
                Map.entry("payflow.ledger.shards.password", servers.mysqlAdminPassword()),
                Map.entry(
                    "payflow.ledger.signing.key-file", runDir.resolve("signing.key").toString()),
                Map.entry("payflow.ledger.access.operator-key-sha256", ApiKeyHash.of(operatorKey)),
                Map.entry("payflow.ledger.access.redis-uri", servers.redisUri()),
                Map.entry("payflow.ledger.access.api-keys-hash", apiKeysHash)));
    properties.putAll(overrides);
    return new SpringApplicationBuilder(LedgerApplication.class)
        .run(
            properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }

  /** Base URL of the running ledger. */
  String baseUrl() {
    return baseUrl;
  }

  /** The single-partition topic the ledger reads sealed batches from. */
  String batchesTopic() {
    return batchesTopic;
  }

  /** The running ledger. */
  ConfigurableApplicationContext app() {
    return app;
  }

  /** A fresh API key registered for {@code client}, as transaction-service registers one. */
  String registerClient(String client) {
    String key = client + "-it-" + UUID.randomUUID();
    redis.sync().hset(apiKeysHash, ApiKeyHash.of(key), client);
    return key;
  }

  /** The operator's API key. */
  String operatorKey() {
    return operatorKey;
  }

  Path runDir() {
    return runDir;
  }

  TestDatabases databases() {
    return databases;
  }

  /** Every transaction sealed so far, in sealing order. */
  List<TxId> sealed() {
    return sealed;
  }

  /**
   * Writes a sealed batch of {@code size} rows submitted by API client {@code client} the way
   * settlement does, announces it on the topic, and returns the rows' transaction ids.
   */
  List<TxId> sealBatch(int shard, int size, String client) throws Exception {
    long decided = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    long batchSeq = nextBatch[shard]++;
    long firstSeq = nextSeq[shard];
    List<Sha256Hash> leaves = new ArrayList<>();
    List<TxId> ids = new ArrayList<>();
    try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
        PreparedStatement insert = SealedRowInserts.prepare(connection)) {
      for (int i = 0; i < size; i++) {
        TxId txId = TxId.forSystemTransfer("it", UUID.randomUUID().toString());
        long seq = nextSeq[shard]++;
        boolean settled = seq % 4 != 0;
        SealedTransaction tx =
            new SealedTransaction(
                txId,
                shard,
                seq,
                new AccountId("payer-" + shard),
                new AccountId("payee-" + seq),
                new Money(100 + seq, Currency.getInstance("EUR")),
                settled ? "SETTLED" : "REJECTED",
                settled ? null : "INSUFFICIENT_FUNDS",
                "ref é " + seq,
                decided);
        leaves.add(SealedRowInserts.add(insert, tx, batchSeq, client));
        ids.add(txId);
      }
      insert.executeBatch();
      Sha256Hash root =
          SealedRowInserts.sealBatch(connection, batchSeq, firstSeq, nextSeq[shard] - 1, leaves);
      producer
          .send(
              new ProducerRecord<>(
                  batchesTopic,
                  Integer.toString(shard),
                  EventJson.write(
                      new BatchSealed(
                          shard, batchSeq, firstSeq, nextSeq[shard] - 1, root, Instant.now()))))
          .get(10, TimeUnit.SECONDS);
    }
    sealed.addAll(ids);
    return ids;
  }

  /** Waits until the signed head's log holds {@code size} leaves. */
  void awaitLogSize(long size) throws Exception {
    await(
        () -> {
          try {
            return head().path("logSize").asLong() >= size;
          } catch (Exception notYet) {
            return false;
          }
        },
        "log size " + size);
  }

  static void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  JsonNode head() throws Exception {
    return get("/api/v1/chain/head");
  }

  /** Full verification as the operator; must answer 200. */
  JsonNode verify() throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/chain/verify", operatorKey);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  JsonNode get(String path) throws Exception {
    return JSON.readTree(getText(path));
  }

  /** The body of an anonymous GET that must answer 200. */
  String getText(String path) throws Exception {
    return getText(path, null);
  }

  /** The body of a GET with {@code apiKey} (null: none) that must answer 200. */
  String getText(String path, String apiKey) throws Exception {
    HttpResponse<String> response = send("GET", path, apiKey);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** A request without a body, with {@code apiKey} in X-Api-Key unless null. */
  HttpResponse<String> send(String method, String path, String apiKey) throws Exception {
    return send(baseUrl, method, path, apiKey);
  }

  /** The same to the ledger instance at {@code base}. */
  HttpResponse<String> send(String base, String method, String path, String apiKey)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (apiKey != null) {
      request.header(API_KEY, apiKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    stopLedger();
    producer.close();
    redis.sync().del(apiKeysHash);
    redis.close();
    redisClient.shutdown();
    topics.close();
    databases.close();
  }
}
