package com.payflow.systemtest.path;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.LeafColumns;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.proof.LeafContents;
import com.payflow.contracts.proof.ProofVerifier;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settlement to ledger through the real code on the running platform: payments submitted through
 * Nginx are settled by settlement-consumer (its own rows, not a test's copy of its insert), the
 * ledger anchors them, and the proof it serves verifies with payment-contracts' ProofVerifier
 * against the key the ledger publishes; the proven leaf is exactly the shard row settlement wrote
 * and says what the client asked for. Then the operator's full-chain verification passes.
 */
class SettledToAnchoredSystemIT {

  private static final Duration ANCHOR_TIMEOUT = Duration.ofSeconds(60);
  private static final HexFormat HEX = HexFormat.of();

  private final SystemApi api = new SystemApi();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void settledPayments_areProvenByTheLedger_asTheRowsSettlementWrote() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> payees = Map.of("bob-main", "to bob " + run, "alice-savings", "saved");
    Map<String, String> txByPayee = new HashMap<>();
    for (Map.Entry<String, String> payee : payees.entrySet()) {
      HttpResponse<String> accepted =
          api.send(
              "POST",
              "/api/v1/payments",
              api.alice,
              "{\"payer\":\"alice-main\",\"payee\":\""
                  + payee.getKey()
                  + "\",\"amount\":{\"value\":3,\"currency\":\"EUR\"},\"reference\":\""
                  + payee.getValue()
                  + "\"}",
              "anchor-" + run + "-" + payee.getKey());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      txByPayee.put(payee.getKey(), SystemApi.txId(accepted.body()));
    }
    Map<String, PublicKey> keys = publishedKeys();
    for (Map.Entry<String, String> paid : txByPayee.entrySet()) {
      String txId = paid.getValue();
      assertThat(api.awaitSettled(api.alice, txId)).contains("\"SETTLED\"");

      JsonNode proof = awaitProof(txId);
      ProofVerifier.Verified verified = new ProofVerifier(keys).verify(proof);

      LeafContents leaf = verified.contents();
      assertThat(leaf).as("alice submitted it: her proof carries the leaf").isNotNull();
      assertThat(leaf.txId().toString()).isEqualTo(txId);
      assertThat(leaf.payer()).isEqualTo("alice-main");
      assertThat(leaf.payee()).isEqualTo(paid.getKey());
      assertThat(leaf.amount()).isEqualTo(3);
      assertThat(leaf.currency()).isEqualTo("EUR");
      assertThat(leaf.status()).isEqualTo("SETTLED");
      assertThat(leaf.reference()).isEqualTo(payees.get(paid.getKey()));

      SealedTransaction row = shardRow(TxId.parse(txId)).orElseThrow();
      assertThat(MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(row)))
          .as("the proven leaf is the row settlement wrote, read with LeafColumns")
          .isEqualTo(verified.leafHash());
      assertThat(row.shardSeq()).isEqualTo(verified.shardSeq());
    }

    HttpResponse<String> verification = awaitVerification();
    assertThat(verification.statusCode()).as(verification.body()).isEqualTo(200);
    assertThat(json.readTree(verification.body()).path("valid").asBoolean())
        .as(verification.body())
        .isTrue();
  }

  private Map<String, PublicKey> publishedKeys() throws Exception {
    HttpResponse<String> answer = api.send("GET", "/api/v1/chain/public-key", null, null, null);
    assertThat(answer.statusCode()).isEqualTo(200);
    Map<String, PublicKey> keys = new HashMap<>();
    for (JsonNode key : json.readTree(answer.body()).path("keys")) {
      keys.put(
          key.path("keyId").asString(),
          ChainSignatures.publicKeyFromRaw(HEX.parseHex(key.path("publicKey").asString())));
    }
    assertThat(keys).isNotEmpty();
    return keys;
  }

  /** The proof once the payment is in a signed block (blocks are cut every few seconds). */
  private JsonNode awaitProof(String txId) throws Exception {
    long deadline = System.nanoTime() + ANCHOR_TIMEOUT.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = api.send("GET", "/api/v1/transactions/" + txId + "/proof", api.alice, null, null);
      if (last.statusCode() == 200) {
        return json.readTree(last.body());
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no proof of " + txId + " in time: " + last.statusCode());
  }

  /** The operator's full verification; another run in progress (409) is waited out. */
  private HttpResponse<String> awaitVerification() throws Exception {
    long deadline = System.nanoTime() + ANCHOR_TIMEOUT.toNanos();
    HttpResponse<String> answer;
    do {
      answer = api.send("POST", "/api/v1/chain/verify", api.operator, null, null);
      if (answer.statusCode() != 409) {
        return answer;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return answer;
  }

  /** The row of {@code txId} on whichever shard holds it, read as the ledger reads it. */
  private Optional<SealedTransaction> shardRow(TxId txId) throws Exception {
    List<String> shards = api.platform.shardDatabases();
    for (int shard = 0; shard < shards.size(); shard++) {
      try (Connection connection = api.connect(shards.get(shard));
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + LeafColumns.NAMES + " FROM transactions WHERE tx_id = ?")) {
        select.setBytes(1, txId.toBytes());
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            return Optional.of(LeafColumns.read(shard, row));
          }
        }
      }
    }
    return Optional.empty();
  }
}
