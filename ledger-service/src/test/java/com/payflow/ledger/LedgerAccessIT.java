package com.payflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.payment.TxId;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what at the ledger (docs/security.md, F6), against the real servers: full verification
 * only for the operator and one at a time, its last result for everyone, and transaction proofs
 * with the leaf's contents only for the payment's own API client and the operator. API keys are
 * registered in Redis the way transaction-service publishes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerAccessIT {

  private static final int SHARDS = 2;
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String TYPES = "https://payflow.dev/problems/";
  private static final Map<String, String> PROPERTIES =
      Map.of(
          "payflow.ledger.block-interval-ms", "200",
          "payflow.ledger.block-close-grace-ms", "300",
          "payflow.ledger.producer-poll-ms", "50");

  /** A port nothing listens on: Redis "down". */
  private static final int CLOSED_PORT = 1;

  private static final HexFormat HEX = HexFormat.of();

  private LedgerFixture ledger;
  private String aliceKey;
  private String bobKey;
  private TxId alicePayment;
  private TxId bobPayment;

  @BeforeAll
  void start() throws Exception {
    ledger = LedgerFixture.create("ledgeraccess", SHARDS);
    ledger.startLedger(PROPERTIES);
    aliceKey = ledger.registerClient("alice");
    bobKey = ledger.registerClient("bob");
    alicePayment = ledger.sealBatch(0, 3, "alice").get(1);
    bobPayment = ledger.sealBatch(1, 2, "bob").getFirst();
    ledger.awaitLogSize(ledger.sealed().size());
  }

  @AfterAll
  void stop() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  @Order(1)
  void lastVerification_beforeAnyRun_is404() throws Exception {
    assertProblem(
        ledger.send("GET", "/api/v1/chain/verification", null), 404, "verification-not-run");
  }

  @Test
  @Order(2)
  void fullVerification_isForTheOperatorOnly() throws Exception {
    String verify = "/api/v1/chain/verify";
    assertProblem(ledger.send("POST", verify, null), 401, "unauthorized");
    assertProblem(
        ledger.send("POST", verify, "not-a-key-" + UUID.randomUUID()), 401, "unauthorized");
    assertProblem(ledger.send("POST", verify, ""), 401, "unauthorized");
    assertProblem(ledger.send("POST", verify, aliceKey), 403, "forbidden");
    HttpResponse<String> operator = ledger.send("POST", verify, ledger.operatorKey());
    assertThat(operator.statusCode()).as(operator.body()).isEqualTo(200);
    JsonNode report = LedgerFixture.JSON.readTree(operator.body());
    assertThat(report.path("valid").asBoolean()).isTrue();
    assertThat(report.path("transactionsChecked").asLong()).isEqualTo(ledger.sealed().size());
  }

  @Test
  @Order(3)
  void lastVerification_isPublic_withWhenItRan_andDetailsOnlyForTheOperator() throws Exception {
    Instant before = Instant.now();
    JsonNode verified = ledger.verify();
    JsonNode last = ledger.get("/api/v1/chain/verification");
    Instant started = Instant.parse(last.path("startedAt").asString());
    Instant completed = Instant.parse(last.path("completedAt").asString());
    assertThat(started).isAfterOrEqualTo(before.minusSeconds(1));
    assertThat(completed).isAfterOrEqualTo(started);
    assertThat(last.path("report")).isEqualTo(verified);
    assertProblem(
        ledger.send("GET", "/api/v1/chain/verification", "wrong-" + UUID.randomUUID()),
        401,
        "unauthorized");

    // A broken row: everyone sees that and where, only the operator the detail sentence.
    shardUpdate(0, "UPDATE transactions SET amount = amount + 1 WHERE tx_id = ?", alicePayment);
    try {
      JsonNode broken = ledger.verify();
      assertThat(broken.path("valid").asBoolean()).isFalse();
      JsonNode anonymous = ledger.get("/api/v1/chain/verification");
      assertThat(anonymous.path("problemDetailsWithheld").asBoolean()).isTrue();
      JsonNode problem = anonymous.path("report").path("problems").get(0);
      assertThat(problem.path("kind").asString()).isEqualTo("UPDATED");
      assertThat(problem.path("transactionId").asString()).isEqualTo(alicePayment.toString());
      assertThat(problem.has("detail")).isFalse();
      JsonNode asClient =
          LedgerFixture.JSON.readTree(ledger.getText("/api/v1/chain/verification", aliceKey));
      assertThat(asClient.path("report")).isEqualTo(anonymous.path("report"));
      JsonNode operator =
          LedgerFixture.JSON.readTree(
              ledger.getText("/api/v1/chain/verification", ledger.operatorKey()));
      assertThat(operator.path("problemDetailsWithheld").asBoolean()).isFalse();
      assertThat(operator.path("report")).isEqualTo(broken);
      assertThat(operator.path("report").path("problems").get(0).path("detail").asString())
          .isNotBlank();
    } finally {
      shardUpdate(0, "UPDATE transactions SET amount = amount - 1 WHERE tx_id = ?", alicePayment);
    }
    assertThat(ledger.verify().path("valid").asBoolean()).isTrue();
  }

  @Test
  @Order(4)
  void aSecondVerification_whileOneRuns_is409_andTheFirstCompletes() throws Exception {
    String shardDatabase = ledger.databases().prefix() + "_shard_0";
    CompletableFuture<HttpResponse<String>> first;
    // A table lock on a shard holds the first verification at its first shard read, so the
    // second certainly arrives while the first runs.
    try (Connection lock = ledger.databases().connect(shardDatabase);
        Statement statement = lock.createStatement()) {
      statement.execute("LOCK TABLES transactions WRITE, batches WRITE");
      try {
        first =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return ledger.send("POST", "/api/v1/chain/verify", ledger.operatorKey());
                  } catch (Exception failed) {
                    throw new IllegalStateException(failed);
                  }
                });
        LedgerFixture.await(
            () -> waitingOnLock(shardDatabase) > 0,
            "the first verification waiting for the shard lock");
        HttpResponse<String> second =
            ledger.send("POST", "/api/v1/chain/verify", ledger.operatorKey());
        JsonNode conflict = assertProblem(second, 409, "verification-running");
        assertThat(Instant.parse(conflict.path("runningSince").asString()))
            .isBeforeOrEqualTo(Instant.now());
      } finally {
        statement.execute("UNLOCK TABLES");
      }
    }
    HttpResponse<String> completed = first.get();
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
    assertThat(ledger.verify().path("valid").asBoolean()).as("free again").isTrue();
  }

  @Test
  @Order(5)
  void proof_withoutKey_holdsOnlyHashes() throws Exception {
    HttpResponse<String> response = proof(alicePayment, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().allValues("Vary")).contains(LedgerFixture.API_KEY);
    JsonNode proof = LedgerFixture.JSON.readTree(response.body());
    assertHashesOnly(proof);
    assertThat(proof.path("transactionId").asString()).isEqualTo(alicePayment.toString());
    assertThat(proof.path("leaf").path("hash").asString()).hasSize(64);
    assertThat(proof.path("batch").path("path").isArray()).isTrue();
    assertThat(proof.path("log").path("path").isArray()).isTrue();
    assertThat(proof.path("block").path("header").asString()).isNotEmpty();
    assertThat(proof.path("head").path("signature").asString()).isNotEmpty();
  }

  @Test
  @Order(6)
  void proof_withTheOwningClientsKey_holdsPayerPayeeAndAmount() throws Exception {
    HttpResponse<String> response = proof(alicePayment, aliceKey);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    assertContents(LedgerFixture.JSON.readTree(response.body()), alicePayment, 0);
    assertContents(LedgerFixture.JSON.readTree(proof(bobPayment, bobKey).body()), bobPayment, 1);
  }

  @Test
  @Order(7)
  void proof_withTheOperatorKey_holdsPayerPayeeAndAmount() throws Exception {
    assertContents(
        LedgerFixture.JSON.readTree(proof(alicePayment, ledger.operatorKey()).body()),
        alicePayment,
        0);
    assertContents(
        LedgerFixture.JSON.readTree(proof(bobPayment, ledger.operatorKey()).body()), bobPayment, 1);
  }

  @Test
  @Order(8)
  void proof_withAnotherClientsKey_isThePublicProof() throws Exception {
    HttpResponse<String> asBob = proof(alicePayment, bobKey);
    assertThat(asBob.statusCode()).as(asBob.body()).isEqualTo(200);
    JsonNode proof = LedgerFixture.JSON.readTree(asBob.body());
    assertHashesOnly(proof);
    // The same answer as without a key: nothing tells bob whether the payment exists for him.
    assertThat(proof).isEqualTo(LedgerFixture.JSON.readTree(proof(alicePayment, null).body()));
  }

  @Test
  @Order(9)
  void proof_withAnInvalidKey_is401_beforeTheIdIsLookedAt() throws Exception {
    assertProblem(proof(alicePayment, "wrong-" + UUID.randomUUID()), 401, "unauthorized");
    assertProblem(proof(TxId.forSystemTransfer("it", "unknown"), "wrong"), 401, "unauthorized");
    assertProblem(
        ledger.send("GET", "/api/v1/transactions/not-an-id/proof", "wrong"), 401, "unauthorized");
    assertProblem(proof(alicePayment, "k".repeat(129)), 401, "unauthorized");
    assertProblem(
        proof(TxId.forSystemTransfer("it", "unknown"), aliceKey), 404, "transaction-not-in-chain");
  }

  @Test
  @Order(10)
  void whileRedisIsDown_clientKeysAre503_andTheOperatorAndAnonymousStillAnswer() throws Exception {
    // A second replica (same database and consumer group, as in Kubernetes) whose Redis is
    // unreachable: blocks and public reads must not depend on Redis.
    ConfigurableApplicationContext replica =
        ledger.run(
            "ledger",
            ledger.group(),
            Map.of(
                "payflow.ledger.access.redis-uri",
                "redis://127.0.0.1:" + CLOSED_PORT,
                "payflow.ledger.access.redis-timeout-ms",
                "200"));
    try {
      String other = LedgerFixture.baseUrlOf(replica);
      String path = "/api/v1/transactions/" + alicePayment + "/proof";
      assertProblem(ledger.send(other, "GET", path, aliceKey), 503, "api-keys-unavailable");
      HttpResponse<String> anonymous = ledger.send(other, "GET", path, null);
      assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(200);
      assertHashesOnly(LedgerFixture.JSON.readTree(anonymous.body()));
      HttpResponse<String> operator = ledger.send(other, "GET", path, ledger.operatorKey());
      assertThat(operator.statusCode()).as(operator.body()).isEqualTo(200);
      assertContents(LedgerFixture.JSON.readTree(operator.body()), alicePayment, 0);
      assertProblem(
          ledger.send(other, "POST", "/api/v1/chain/verify", aliceKey),
          503,
          "api-keys-unavailable");
      assertProblem(ledger.send(other, "POST", "/api/v1/chain/verify", null), 401, "unauthorized");
    } finally {
      replica.close();
    }
  }

  private HttpResponse<String> proof(TxId txId, String apiKey) throws Exception {
    return ledger.send("GET", "/api/v1/transactions/" + txId + "/proof", apiKey);
  }

  private static void assertHashesOnly(JsonNode proof) {
    assertThat(proof.path("leafContents").asString()).isEqualTo("withheld");
    JsonNode leaf = proof.path("leaf");
    assertThat(leaf.has("bytes")).as("leaf bytes").isFalse();
    assertThat(leaf.has("decoded")).as("decoded leaf").isFalse();
    String text = proof.toString();
    assertThat(text).doesNotContain("payer-").doesNotContain("payee-").doesNotContain("ref ");
  }

  /** The full proof of a row written by LedgerFixture.sealBatch on {@code shard}. */
  private void assertContents(JsonNode proof, TxId txId, int shard) throws Exception {
    assertThat(proof.path("leafContents").asString()).isEqualTo("included");
    JsonNode leaf = proof.path("leaf");
    long seq = leaf.path("shardSeq").asLong();
    JsonNode decoded = leaf.path("decoded");
    assertThat(decoded.path("payer").asString()).isEqualTo("payer-" + shard);
    assertThat(decoded.path("payee").asString()).isEqualTo("payee-" + seq);
    assertThat(decoded.path("amount").asLong()).isEqualTo(100 + seq);
    assertThat(decoded.path("currency").asString()).isEqualTo("EUR");
    // The bytes are what the row committed to: they hash to the leaf hash the shard stores.
    byte[] bytes = HEX.parseHex(leaf.path("bytes").asString());
    assertThat(MerkleHashing.leafHash(bytes).hex())
        .isEqualTo(leaf.path("hash").asString())
        .isEqualTo(storedLeafHash(shard, txId));
  }

  private String storedLeafHash(int shard, TxId txId) throws Exception {
    try (Connection connection =
            ledger.databases().connect(ledger.databases().prefix() + "_shard_" + shard);
        PreparedStatement select =
            connection.prepareStatement("SELECT leaf_hash FROM transactions WHERE tx_id = ?")) {
      select.setBytes(1, txId.toBytes());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return HEX.formatHex(row.getBytes(1));
      }
    }
  }

  private JsonNode assertProblem(HttpResponse<String> response, int status, String kind)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM_JSON);
    JsonNode problem = LedgerFixture.JSON.readTree(response.body());
    assertThat(problem.path("type").asString()).isEqualTo(TYPES + kind);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    return problem;
  }

  private void shardUpdate(int shard, String sql, TxId txId) throws Exception {
    try (Connection connection =
            ledger.databases().connect(ledger.databases().prefix() + "_shard_" + shard);
        PreparedStatement update = connection.prepareStatement(sql)) {
      update.setBytes(1, txId.toBytes());
      assertThat(update.executeUpdate()).isOne();
    }
  }

  private long waitingOnLock(String database) {
    try (Connection connection = ledger.databases().connect(database);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM"
                    + " information_schema.PROCESSLIST WHERE DB = ? AND STATE LIKE 'Waiting for table%'")) {
      select.setString(1, database);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (Exception notYet) {
      return 0;
    }
  }
}
