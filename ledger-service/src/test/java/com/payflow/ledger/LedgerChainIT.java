package com.payflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.ledger.verifier.OfflineVerifier;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.TestDatabases;
import com.payflow.testsupport.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ledger-service against real MariaDB and Kafka: its own ledger and shard databases and its own
 * ledger.batches topic; sealed rows are written the way settlement writes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerChainIT {

  private static final int SHARDS = 2;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Path runDir;

  private TestDatabases databases;
  private TestTopics topics;
  private String batchesTopic;
  private KafkaProducer<String, byte[]> producer;
  private ConfigurableApplicationContext app;
  private String baseUrl;
  private final long[] nextSeq = {1, 1};
  private final long[] nextBatch = {1, 1};
  private final List<TxId> sealed = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    runDir = Files.createTempDirectory("ledger-it");
    RealServers.Endpoints servers = RealServers.get();
    databases = TestDatabases.create("ledger");
    for (int shard = 0; shard < SHARDS; shard++) {
      String database = databases.database("shard_" + shard);
      Flyway.configure().dataSource(servers.jdbcUrl(database), servers.mysqlAdminUser(),
          servers.mysqlAdminPassword()).locations("classpath:db/shard").load().migrate();
    }
    topics = TestTopics.create();
    batchesTopic = topics.topic("ledger.batches", 1);
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    app = startLedger("ledger", "ledger-it-" + topics.suffix());
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (topics != null) {
      topics.close();
    }
    if (databases != null) {
      databases.close();
    }
  }

  @Test
  @Order(1)
  void sealedBatches_becomeSignedBlocks_andEveryProofVerifiesOffline() throws Exception {
    for (int i = 0; i < 6; i++) {
      sealBatch(i % SHARDS, 1 + i * 3);
    }
    awaitLogSize(sealed.size());
    Path key = runDir.resolve("ledger.pub");
    Files.writeString(key, get("/api/v1/chain/public-key").path("active").path("publicKey")
        .asString());
    Path state = runDir.resolve("trusted-head.json");
    for (TxId txId : sealed) {
      Path proof = runDir.resolve("proof-" + txId + ".json");
      Files.writeString(proof, getText("/api/v1/transactions/" + txId + "/proof"));
      assertThat(offline("--public-key", "@" + key, "--proof", proof.toString(), "--state",
          state.toString())).as("offline verification of " + txId).isZero();
    }
    Path export = runDir.resolve("export.json");
    Files.writeString(export, getText("/api/v1/chain/export"));
    assertThat(offline("--public-key", "@" + key, "--chain", export.toString(), "--state",
        state.toString())).isZero();
    assertThat(verify().path("valid").asBoolean()).isTrue();
  }

  @Test
  @Order(2)
  void verification_namesUpdatedDeletedInsertedAndReorderedRows() throws Exception {
    TxId updated = sealed.get(2);
    int shard = shardOf(updated);
    execute(shard, "UPDATE transactions SET amount = amount + 1 WHERE tx_id = ?", updated);
    assertNamed("UPDATED", updated);
    execute(shard, "UPDATE transactions SET amount = amount - 1 WHERE tx_id = ?", updated);
    assertThat(verify().path("valid").asBoolean()).isTrue();

    TxId deleted = sealed.get(3);
    shard = shardOf(deleted);
    execute(shard, "CREATE TABLE saved AS SELECT * FROM transactions WHERE tx_id = ?", deleted);
    execute(shard, "DELETE FROM transactions WHERE tx_id = ?", deleted);
    assertNamed("DELETED", deleted);
    execute(shard, "INSERT INTO transactions SELECT * FROM saved");
    execute(shard, "DROP TABLE saved");
    assertThat(verify().path("valid").asBoolean()).isTrue();

    TxId inserted = TxId.forSystemTransfer("it-inserted", UUID.randomUUID().toString());
    execute(0, "INSERT INTO transactions (tx_id, shard_seq, batch_seq, client_id, payer, payee,"
        + " amount, currency, reference, status, reason, payee_shard, submitted_us, decided_us,"
        + " leaf_hash) SELECT ?, MAX(shard_seq) + 100, 999, 'x', 'a', 'b', 1, 'EUR', 'forged',"
        + " 'SETTLED', NULL, 0, 0, 0, leaf_hash FROM transactions", inserted);
    assertNamed("INSERTED", inserted);
    execute(0, "DELETE FROM transactions WHERE tx_id = ?", inserted);

    TxId first = sealed.get(0);
    TxId second = sealed.get(5);
    shard = shardOf(first);
    assertThat(shardOf(second)).isEqualTo(shard);
    swapSequences(shard, first, second);
    JsonNode report = verify();
    assertThat(problems(report, "REORDERED")).contains(first.toString(), second.toString());
    swapSequences(shard, first, second);
    assertThat(verify().path("valid").asBoolean()).isTrue();
  }

  @Test
  @Order(3)
  void proof_isRefusedWhileItsRowIsAltered_evenWithItsBlockCached() throws Exception {
    TxId txId = sealed.get(4);
    int shard = shardOf(txId);
    String path = "/api/v1/transactions/" + txId + "/proof";
    assertThat(getResponse(path).statusCode()).isEqualTo(200);
    execute(shard, "UPDATE transactions SET reference = 'forged' WHERE tx_id = ?", txId);
    HttpResponse<String> altered = getResponse(path);
    assertThat(altered.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(altered.body()).path("type").asString())
        .endsWith("/transaction-altered");
    execute(shard, "UPDATE transactions SET reference = CONCAT('ref é ', shard_seq)"
        + " WHERE tx_id = ?", txId);
    assertThat(getResponse(path).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(4)
  void verification_namesTamperedLedgerTables() throws Exception {
    assertThat(verify().path("valid").asBoolean()).isTrue();
    TxId txId = sealed.get(7);
    String leafOf = "(SELECT log_index FROM (SELECT log_index FROM log_leaves WHERE tx_id = 0x"
        + hex(txId) + ") l)";
    ledger("UPDATE log_leaves SET leaf_hash = UNHEX(SHA2('forged', 256)) WHERE log_index = "
        + leafOf);
    JsonNode report = verify();
    assertThat(kinds(report)).contains("BATCH_ROOT", "LOG_ROOT");
    assertThat(problems(report, "UPDATED")).contains(txId.toString());
    ledger("UPDATE log_leaves SET leaf_hash = (SELECT leaf_hash FROM " + databases.prefix()
        + "_shard_" + shardOf(txId) + ".transactions WHERE tx_id = 0x" + hex(txId)
        + ") WHERE log_index = " + leafOf);
    assertThat(verify().path("valid").asBoolean()).isTrue();

    ledger("UPDATE block_batches SET merkle_root = UNHEX(SHA2('forged', 256)) WHERE height = 1"
        + " AND position = 0");
    assertThat(kinds(verify())).contains("BLOCK_ROOT", "BATCH_ROOT");
    ledger("UPDATE block_batches b JOIN sealed_batches s ON s.shard = b.shard AND s.batch_seq"
        + " = b.batch_seq SET b.merkle_root = s.merkle_root WHERE b.height = 1");

    // Signatures verified before are remembered by a digest of key, signature and header:
    // a changed signature misses that memo and is verified again.
    ledger("UPDATE blocks SET signature = REVERSE(signature) WHERE height = 2");
    assertThat(kinds(verify())).contains("SIGNATURE");
    ledger("UPDATE blocks SET signature = REVERSE(signature) WHERE height = 2");

    ledger("UPDATE blocks SET block_hash = REVERSE(block_hash) WHERE height = 1");
    assertThat(kinds(verify())).contains("BLOCK_HASH", "LINK");
    ledger("UPDATE blocks SET block_hash = REVERSE(block_hash) WHERE height = 1");
    assertThat(verify().path("valid").asBoolean()).isTrue();
  }

  @Test
  @Order(5)
  void producerCrashMidBlock_andRestart_leaveNoGapForkOrDuplicate() throws Exception {
    long height = head().path("height").asLong();
    // A crash inside the block transaction, after every block row was written: all rolled back.
    execute(0, "SELECT 1");
    try (Connection ledger = databases.connect(databases.prefix() + "_ledger");
        Statement statement = ledger.createStatement()) {
      statement.execute("CREATE TRIGGER crash_before_head BEFORE UPDATE ON chain_head FOR EACH"
          + " ROW BEGIN IF NEW.height = " + (height + 1) + " THEN SIGNAL SQLSTATE '45000' SET"
          + " MESSAGE_TEXT = 'test crash before the head moves'; END IF; END");
    }
    sealBatch(0, 4);
    Thread.sleep(1_500);
    assertThat(head().path("height").asLong()).isEqualTo(height);
    assertThat(count("SELECT COUNT(*) FROM blocks WHERE height > " + height)).isZero();
    try (Connection ledger = databases.connect(databases.prefix() + "_ledger");
        Statement statement = ledger.createStatement()) {
      statement.execute("DROP TRIGGER crash_before_head");
    }
    // Kill the producer between blocks while more batches keep arriving, then restart it.
    app.close();
    for (int i = 0; i < 5; i++) {
      sealBatch(i % SHARDS, 2);
    }
    app = startLedger("ledger", "ledger-it-" + topics.suffix());
    awaitLogSize(sealed.size());
    assertThat(count("SELECT COUNT(*) FROM blocks")).isEqualTo(head().path("height").asLong());
    assertThat(count("SELECT COUNT(*) FROM blocks b JOIN blocks p ON p.height = b.height - 1"
        + " AND p.block_hash = b.previous_hash")).isEqualTo(head().path("height").asLong() - 1);
    assertThat(count("SELECT COUNT(*) FROM block_batches")).isEqualTo(count(
        "SELECT COUNT(*) FROM sealed_batches"));
    assertThat(verify().path("valid").asBoolean()).isTrue();
  }

  @Test
  @Order(6)
  void replayFromOffsetZero_intoAnEmptyLedger_givesIdenticalBlocks() throws Exception {
    List<String> original = blockHashes(databases.prefix() + "_ledger");
    String replayDatabase = databases.database("replay");
    ConfigurableApplicationContext replay = startLedger("replay", "ledger-replay-"
        + topics.suffix());
    try {
      await(() -> blockHashes(replayDatabase).size() >= original.size(), "replayed blocks");
      assertThat(blockHashes(replayDatabase).subList(0, original.size())).isEqualTo(original);
    } finally {
      replay.close();
    }
  }

  private ConfigurableApplicationContext startLedger(String database, String group) {
    RealServers.Endpoints servers = RealServers.get();
    String url = servers.jdbcUrl(databases.database(database));
    Map<String, String> properties = Map.ofEntries(
        Map.entry("server.port", "0"),
        Map.entry("spring.datasource.url", url),
        Map.entry("spring.datasource.username", servers.mysqlAdminUser()),
        Map.entry("spring.datasource.password", servers.mysqlAdminPassword()),
        Map.entry("spring.flyway.user", servers.mysqlAdminUser()),
        Map.entry("spring.flyway.password", servers.mysqlAdminPassword()),
        Map.entry("spring.kafka.bootstrap-servers", servers.kafkaBootstrap()),
        Map.entry("spring.kafka.consumer.group-id", group),
        Map.entry("payflow.ledger.batches-topic", batchesTopic),
        Map.entry("payflow.ledger.block-interval-ms", "200"),
        Map.entry("payflow.ledger.block-close-grace-ms", "300"),
        Map.entry("payflow.ledger.max-batches-per-block", "3"),
        Map.entry("payflow.ledger.producer-poll-ms", "50"),
        Map.entry("payflow.ledger.shards.count", Integer.toString(SHARDS)),
        Map.entry("payflow.ledger.shards.url-template",
            servers.jdbcUrl(databases.prefix() + "_shard_{shard}")),
        Map.entry("payflow.ledger.shards.username", servers.mysqlAdminUser()),
        Map.entry("payflow.ledger.shards.password", servers.mysqlAdminPassword()),
        Map.entry("payflow.ledger.signing.key-file", runDir.resolve("signing.key").toString()),
        // Tiny bounds, so ranges split batches (3 rows) and cached blocks and nodes are evicted.
        Map.entry("payflow.ledger.verification.chunk-rows", "2"),
        Map.entry("payflow.ledger.proof-cache.max-batches", "4"),
        Map.entry("payflow.ledger.proof-cache.max-nodes", "8"));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(
        LedgerApplication.class).run(properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    if (database.equals("ledger")) {
      baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }
    return context;
  }

  /** Writes a sealed batch the way settlement does and announces it on the topic. */
  private void sealBatch(int shard, int size) throws Exception {
    long decided = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    long batchSeq = nextBatch[shard]++;
    long firstSeq = nextSeq[shard];
    List<Sha256Hash> leaves = new ArrayList<>();
    try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
        PreparedStatement insert = SealedRowInserts.prepare(connection)) {
      for (int i = 0; i < size; i++) {
        TxId txId = TxId.forSystemTransfer("it", UUID.randomUUID().toString());
        long seq = nextSeq[shard]++;
        boolean settled = seq % 4 != 0;
        SealedTransaction tx = new SealedTransaction(txId, shard, seq,
            new AccountId("payer-" + shard), new AccountId("payee-" + seq),
            new Money(100 + seq, Currency.getInstance("EUR")), settled ? "SETTLED" : "REJECTED",
            settled ? null : "INSUFFICIENT_FUNDS", "ref é " + seq, decided);
        leaves.add(SealedRowInserts.add(insert, tx, batchSeq, "it"));
        sealed.add(txId);
      }
      insert.executeBatch();
      Sha256Hash root = SealedRowInserts.sealBatch(connection, batchSeq, firstSeq,
          nextSeq[shard] - 1, leaves);
      producer.send(new ProducerRecord<>(batchesTopic, Integer.toString(shard),
          EventJson.write(new BatchSealed(shard, batchSeq, firstSeq, nextSeq[shard] - 1,
              root.hex(), Instant.now())))).get(10, TimeUnit.SECONDS);
    }
  }

  private void assertNamed(String kind, TxId txId) throws Exception {
    JsonNode report = verify();
    assertThat(report.path("valid").asBoolean()).isFalse();
    assertThat(problems(report, kind)).contains(txId.toString());
    assertThat(report.path("firstBrokenTransaction").asString()).isNotBlank();
  }

  private static List<String> problems(JsonNode report, String kind) {
    List<String> ids = new ArrayList<>();
    for (JsonNode problem : report.path("problems")) {
      if (problem.path("kind").asString().equals(kind)) {
        ids.add(problem.path("transactionId").asString());
      }
    }
    return ids;
  }

  private static List<String> kinds(JsonNode report) {
    List<String> kinds = new ArrayList<>();
    report.path("problems").forEach(problem -> kinds.add(problem.path("kind").asString()));
    return kinds;
  }

  private static String hex(TxId txId) {
    return HexFormat.of().formatHex(txId.toBytes());
  }

  private void ledger(String sql) throws SQLException {
    try (Connection connection = databases.connect(databases.prefix() + "_ledger");
        Statement statement = connection.createStatement()) {
      assertThat(statement.executeUpdate(sql)).as(sql).isPositive();
    }
  }

  private void swapSequences(int shard, TxId first, TxId second) throws SQLException {
    long a = seqOf(shard, first);
    long b = seqOf(shard, second);
    execute(shard, "UPDATE transactions SET shard_seq = -1 WHERE tx_id = ?", first);
    execute(shard, "UPDATE transactions SET shard_seq = " + a + " WHERE tx_id = ?", second);
    execute(shard, "UPDATE transactions SET shard_seq = " + b + " WHERE tx_id = ?", first);
  }

  private long seqOf(int shard, TxId txId) throws SQLException {
    try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
        PreparedStatement select = connection.prepareStatement(
            "SELECT shard_seq FROM transactions WHERE tx_id = ?")) {
      select.setBytes(1, txId.toBytes());
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private int shardOf(TxId txId) throws SQLException {
    for (int shard = 0; shard < SHARDS; shard++) {
      try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
          PreparedStatement select = connection.prepareStatement(
              "SELECT 1 FROM transactions WHERE tx_id = ?")) {
        select.setBytes(1, txId.toBytes());
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            return shard;
          }
        }
      }
    }
    throw new AssertionError(txId + " is on no shard");
  }

  private void execute(int shard, String sql, TxId... ids) throws SQLException {
    try (Connection connection = databases.connect(databases.prefix() + "_shard_" + shard);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < ids.length; i++) {
        statement.setBytes(i + 1, ids[i].toBytes());
      }
      statement.execute();
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = databases.connect(databases.prefix() + "_ledger");
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private List<String> blockHashes(String database) {
    try (Connection connection = databases.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT HEX(header) FROM blocks b JOIN"
            + " chain_head h ON b.height <= h.height ORDER BY b.height")) {
      List<String> headers = new ArrayList<>();
      while (rows.next()) {
        headers.add(rows.getString(1));
      }
      return headers;
    } catch (SQLException notYet) {
      return List.of();
    }
  }

  private void awaitLogSize(long size) throws Exception {
    await(() -> {
      try {
        return head().path("logSize").asLong() >= size;
      } catch (Exception notYet) {
        return false;
      }
    }, "log size " + size);
  }

  private static void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private JsonNode head() throws Exception {
    return get("/api/v1/chain/head");
  }

  private JsonNode verify() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl
        + "/api/v1/chain/verify")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode get(String path) throws Exception {
    return JSON.readTree(getText(path));
  }

  private HttpResponse<String> getResponse(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private String getText(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return response.body();
  }

  private static int offline(String... args) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code = new OfflineVerifier(new PrintStream(output, true, StandardCharsets.UTF_8))
        .run(args);
    if (code != 0) {
      System.out.println(output.toString(StandardCharsets.UTF_8));
    }
    return code;
  }
}
