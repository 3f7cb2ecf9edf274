package com.payflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.payment.TxId;
import com.payflow.ledger.verifier.OfflineVerifier;
import com.payflow.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
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
  private static final JsonMapper JSON = LedgerFixture.JSON;

  /** Tiny bounds, so ranges split batches (3 rows) and cached blocks and nodes are evicted. */
  private static final Map<String, String> PROPERTIES =
      Map.of(
          "payflow.ledger.block-interval-ms", "200",
          "payflow.ledger.block-close-grace-ms", "300",
          "payflow.ledger.max-batches-per-block", "3",
          "payflow.ledger.producer-poll-ms", "50",
          "payflow.ledger.verification.chunk-rows", "2",
          "payflow.ledger.proof-cache.max-batches", "4",
          "payflow.ledger.proof-cache.max-nodes", "8");

  private LedgerFixture ledger;
  private TestDatabases databases;
  private List<TxId> sealed;

  @BeforeAll
  void start() throws Exception {
    ledger = LedgerFixture.create("ledger", SHARDS);
    databases = ledger.databases();
    sealed = ledger.sealed();
    ledger.startLedger(PROPERTIES);
  }

  @AfterAll
  void stop() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  @Order(1)
  void sealedBatches_becomeSignedBlocks_andEveryProofVerifiesOffline() throws Exception {
    for (int i = 0; i < 6; i++) {
      ledger.sealBatch(i % SHARDS, 1 + i * 3, "it");
    }
    ledger.awaitLogSize(sealed.size());
    Path runDir = ledger.runDir();
    Path key = runDir.resolve("ledger.pub");
    Files.writeString(
        key, ledger.get("/api/v1/chain/public-key").path("active").path("publicKey").asString());
    Path state = runDir.resolve("trusted-head.json");
    for (TxId txId : sealed) {
      Path proof = runDir.resolve("proof-" + txId + ".json");
      Files.writeString(
          proof, ledger.getText("/api/v1/transactions/" + txId + "/proof", ledger.operatorKey()));
      assertThat(
              offline(
                  "--public-key",
                  "@" + key,
                  "--proof",
                  proof.toString(),
                  "--state",
                  state.toString()))
          .as("offline verification of " + txId)
          .isZero();
    }
    Path export = runDir.resolve("export.json");
    Files.writeString(export, ledger.getText("/api/v1/chain/export"));
    assertThat(
            offline(
                "--public-key",
                "@" + key,
                "--chain",
                export.toString(),
                "--state",
                state.toString()))
        .isZero();
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
    execute(
        0,
        "INSERT INTO transactions (tx_id, shard_seq, batch_seq, client_id, payer, payee,"
            + " amount, currency, reference, status, reason, payee_shard, submitted_us, decided_us,"
            + " leaf_hash) SELECT ?, MAX(shard_seq) + 100, 999, 'x', 'a', 'b', 1, 'EUR', 'forged',"
            + " 'SETTLED', NULL, 0, 0, 0, leaf_hash FROM transactions",
        inserted);
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
    execute(
        shard,
        "UPDATE transactions SET reference = CONCAT('ref é ', shard_seq)" + " WHERE tx_id = ?",
        txId);
    assertThat(getResponse(path).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(4)
  void verification_namesTamperedLedgerTables() throws Exception {
    assertThat(verify().path("valid").asBoolean()).isTrue();
    TxId txId = sealed.get(7);
    String leafOf =
        "(SELECT log_index FROM (SELECT log_index FROM log_leaves WHERE tx_id = 0x"
            + hex(txId)
            + ") l)";
    ledger(
        "UPDATE log_leaves SET leaf_hash = UNHEX(SHA2('forged', 256)) WHERE log_index = " + leafOf);
    JsonNode report = verify();
    assertThat(kinds(report)).contains("BATCH_ROOT", "LOG_ROOT");
    assertThat(problems(report, "UPDATED")).contains(txId.toString());
    ledger(
        "UPDATE log_leaves SET leaf_hash = (SELECT leaf_hash FROM "
            + databases.prefix()
            + "_shard_"
            + shardOf(txId)
            + ".transactions WHERE tx_id = 0x"
            + hex(txId)
            + ") WHERE log_index = "
            + leafOf);
    assertThat(verify().path("valid").asBoolean()).isTrue();

    ledger(
        "UPDATE block_batches SET merkle_root = UNHEX(SHA2('forged', 256)) WHERE height = 1"
            + " AND position = 0");
    assertThat(kinds(verify())).contains("BLOCK_ROOT", "BATCH_ROOT");
    ledger(
        "UPDATE block_batches b JOIN sealed_batches s ON s.shard = b.shard AND s.batch_seq"
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
    long height = ledger.head().path("height").asLong();
    // A crash inside the block transaction, after every block row was written: all rolled back.
    execute(0, "SELECT 1");
    try (Connection ledger = databases.connect(databases.prefix() + "_ledger");
        Statement statement = ledger.createStatement()) {
      statement.execute(
          "CREATE TRIGGER crash_before_head BEFORE UPDATE ON chain_head FOR EACH"
              + " ROW BEGIN IF NEW.height = "
              + (height + 1)
              + " THEN SIGNAL SQLSTATE '45000' SET"
              + " MESSAGE_TEXT = 'test crash before the head moves'; END IF; END");
    }
    ledger.sealBatch(0, 4, "it");
    Thread.sleep(1_500);
    assertThat(ledger.head().path("height").asLong()).isEqualTo(height);
    assertThat(count("SELECT COUNT(*) FROM blocks WHERE height > " + height)).isZero();
    try (Connection ledger = databases.connect(databases.prefix() + "_ledger");
        Statement statement = ledger.createStatement()) {
      statement.execute("DROP TRIGGER crash_before_head");
    }
    // Kill the producer between blocks while more batches keep arriving, then restart it.
    ledger.stopLedger();
    for (int i = 0; i < 5; i++) {
      ledger.sealBatch(i % SHARDS, 2, "it");
    }
    ledger.startLedger(PROPERTIES);
    ledger.awaitLogSize(sealed.size());
    long head = ledger.head().path("height").asLong();
    assertThat(count("SELECT COUNT(*) FROM blocks")).isEqualTo(head);
    assertThat(
            count(
                "SELECT COUNT(*) FROM blocks b JOIN blocks p ON p.height = b.height - 1"
                    + " AND p.block_hash = b.previous_hash"))
        .isEqualTo(head - 1);
    assertThat(count("SELECT COUNT(*) FROM block_batches"))
        .isEqualTo(count("SELECT COUNT(*) FROM sealed_batches"));
    assertThat(verify().path("valid").asBoolean()).isTrue();
  }

  @Test
  @Order(6)
  void replayFromOffsetZero_intoAnEmptyLedger_givesIdenticalBlocks() throws Exception {
    List<String> original = blockHashes(databases.prefix() + "_ledger");
    String replayDatabase = databases.database("replay");
    ConfigurableApplicationContext replay =
        ledger.run("replay", "ledger-replay-" + UUID.randomUUID(), PROPERTIES);
    try {
      LedgerFixture.await(
          () -> blockHashes(replayDatabase).size() >= original.size(), "replayed blocks");
      assertThat(blockHashes(replayDatabase).subList(0, original.size())).isEqualTo(original);
    } finally {
      replay.close();
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
        PreparedStatement select =
            connection.prepareStatement("SELECT shard_seq FROM transactions WHERE tx_id = ?")) {
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
          PreparedStatement select =
              connection.prepareStatement("SELECT 1 FROM transactions WHERE tx_id = ?")) {
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
        ResultSet rows =
            statement.executeQuery(
                "SELECT HEX(header) FROM blocks b JOIN"
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

  private JsonNode verify() throws Exception {
    return ledger.verify();
  }

  private HttpResponse<String> getResponse(String path) throws Exception {
    return ledger.send("GET", path, null);
  }

  private static int offline(String... args) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code = new OfflineVerifier(new PrintStream(output, true, StandardCharsets.UTF_8)).run(args);
    if (code != 0) {
      System.out.println(output.toString(StandardCharsets.UTF_8));
    }
    return code;
  }
}
