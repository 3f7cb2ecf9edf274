package com.payflow.transaction.dashboard;

import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.encoding.LeafColumns;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.shard.Shards;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One payment for the detail view: its shard row (payer's shard; found by the hint or by
 * primary-key lookups on each shard) and the status of its Merkle proof from ledger-service,
 * checked against the row ({@link ProofStatus}).
 */
final class PaymentDetails {

  private static final String ROW_SQL =
      "SELECT "
          + LeafColumns.NAMES
          + ", batch_seq,"
          + " client_id, payee_shard, submitted_us, leaf_hash FROM transactions WHERE tx_id = ?";
  private static final List<String> SHOWN =
      List.of(
          "shard_seq",
          "batch_seq",
          "client_id",
          "payer",
          "payee",
          "payee_shard",
          "amount",
          "currency",
          "reference",
          "status",
          "reason",
          "submitted_us",
          "decided_us",
          "leaf_hash");
  private static final HexFormat HEX = HexFormat.of();

  private final Shards shards;
  private final DashboardProperties properties;
  private final JsonMapper json;
  private final HttpClient http;
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();

  PaymentDetails(Shards shards, DashboardProperties properties, JsonMapper json) {
    this.shards = shards;
    this.properties = properties;
    this.json = json;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(properties.httpTimeoutMs()))
            .build();
  }

  /**
   * A row as stored, by column (for the operator), and the transaction its leaf columns form
   * ({@link LeafColumns}), or why they form none.
   */
  private record Row(
      int shard, Map<String, Object> columns, SealedTransaction sealed, String unusable) {}

  /** The detail of {@code id}, or null when no shard has it. */
  Map<String, Object> detail(TxId id, Integer shardHint) {
    List<Integer> order = new java.util.ArrayList<>();
    if (shardHint != null && shardHint >= 0 && shardHint < shards.count()) {
      order.add(shardHint);
    }
    for (int shard = 0; shard < shards.count(); shard++) {
      if (!order.contains(shard)) {
        order.add(shard);
      }
    }
    Row row = null;
    for (int candidate : order) {
      row =
          shards
              .shard(candidate)
              .query(
                  ROW_SQL,
                  rows -> rows.next() ? read(candidate, rows) : null,
                  (Object) id.toBytes());
      if (row != null) {
        break;
      }
    }
    if (row == null) {
      return null;
    }
    Map<String, Object> columns = row.columns();
    long submittedUs = ((Number) columns.get("submitted_us")).longValue();
    long decidedUs = ((Number) columns.get("decided_us")).longValue();
    byte[] storedLeafHash = (byte[]) columns.get("leaf_hash");
    Map<String, Object> payment = new LinkedHashMap<>();
    payment.put("id", id.value().toString());
    payment.put("shard", row.shard());
    payment.put("shardSeq", columns.get("shard_seq"));
    payment.put("batchSeq", columns.get("batch_seq"));
    payment.put("client", columns.get("client_id"));
    payment.put("payer", columns.get("payer"));
    payment.put("payee", columns.get("payee"));
    payment.put("payeeShard", columns.get("payee_shard"));
    payment.put("amount", columns.get("amount"));
    payment.put("currency", columns.get("currency"));
    payment.put("reference", columns.get("reference"));
    payment.put("status", columns.get("status"));
    payment.put("reason", columns.get("reason"));
    payment.put("submittedAt", micros(submittedUs));
    payment.put("decidedAt", micros(decidedUs));
    payment.put("latencyMs", Math.max(0, decidedUs - submittedUs) / 1000.0);
    payment.put("leafHash", storedLeafHash == null ? null : HEX.formatHex(storedLeafHash));
    payment.put("proof", proof(id, row, storedLeafHash));
    return payment;
  }

  private static Row read(int shard, ResultSet rows) throws SQLException {
    Map<String, Object> columns = new LinkedHashMap<>();
    for (String column : SHOWN) {
      columns.put(column, rows.getObject(column));
    }
    try {
      return new Row(shard, columns, LeafColumns.read(shard, rows), null);
    } catch (IllegalArgumentException | NullPointerException unusable) {
      return new Row(shard, columns, null, unusable.getMessage());
    }
  }

  /**
   * The proof status of the row. The proof is fetched without a key, so a ledger with access rules
   * answers the hashes-only proof (docs/ledger.md, "Access"): {@link ProofStatus} compares its leaf
   * hash with the one recomputed from this row, which proves the row as strictly as the leaf bytes
   * would, and no payer, payee or amount crosses the wire again.
   */
  private Map<String, Object> proof(TxId id, Row row, byte[] storedLeafHash) {
    Map<String, Object> proof = new LinkedHashMap<>();
    SealedTransaction sealed = row.sealed();
    if (sealed == null) {
      proof.put("status", "invalid");
      proof.put("detail", "the shard row forms no valid transaction: " + row.unusable());
      return proof;
    }
    try {
      HttpResponse<String> response =
          get(properties.ledgerUrl() + "/api/v1/transactions/" + id.value() + "/proof");
      if (response.statusCode() == 404) {
        proof.put("status", "pending");
        proof.put("detail", "not in a signed block yet (blocks are cut every few seconds)");
        return proof;
      }
      if (response.statusCode() != 200) {
        proof.put("status", "unavailable");
        proof.put("detail", "ledger-service answered HTTP " + response.statusCode());
        return proof;
      }
      JsonNode body = json.readTree(response.body());
      ProofStatus.Result result = ProofStatus.check(body, sealed, storedLeafHash, keys(false));
      if (result.unknownKey()) {
        result = ProofStatus.check(body, sealed, storedLeafHash, keys(true));
      }
      proof.put("status", result.status());
      proof.put("detail", result.failure());
      proof.put("checks", result.passed());
      proof.put("blockHeight", result.blockHeight());
      proof.put("headHeight", result.headHeight());
      proof.put("keyId", result.keyId());
      proof.put("logIndex", body.path("log").path("leafIndex").asLong());
      return proof;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      proof.put("status", "unavailable");
      proof.put("detail", "interrupted");
      return proof;
    } catch (Exception unavailable) {
      proof.put("status", "unavailable");
      proof.put("detail", ShardMonitor.rootMessage(unavailable));
      return proof;
    }
  }

  /** The ledger's published keys by id (re-read when {@code refresh} or none known). */
  private Map<String, PublicKey> keys(boolean refresh) throws Exception {
    if (!keys.isEmpty() && !refresh) {
      return keys;
    }
    HttpResponse<String> response = get(properties.ledgerUrl() + "/api/v1/chain/public-key");
    if (response.statusCode() == 200) {
      for (JsonNode key : json.readTree(response.body()).path("keys")) {
        keys.put(
            key.path("keyId").asString(),
            ChainSignatures.publicKeyFromRaw(HEX.parseHex(key.path("publicKey").asString())));
      }
    }
    return keys;
  }

  /**
   * GET, retried once on an I/O error: the client may pick a pooled connection the server has
   * closed meanwhile (idle keep-alive), which fails before anything was processed.
   */
  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException stale) {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String micros(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
        .toString();
  }
}
