package com.payflow.transaction.dashboard;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.shard.Shards;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
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

  private static final String ROW_SQL = "SELECT shard_seq, batch_seq, client_id, payer, payee, "
      + "amount, currency, reference, status, reason, payee_shard, submitted_us, decided_us, "
      + "leaf_hash FROM transactions WHERE tx_id = ?";
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
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofMillis(properties.httpTimeoutMs())).build();
  }

  /** The detail of {@code id}, or null when no shard has it. */
  Map<String, Object> detail(TxId id, Integer shardHint) {
    int found = -1;
    Map<String, Object> row = null;
    List<Integer> order = new java.util.ArrayList<>();
    if (shardHint != null && shardHint >= 0 && shardHint < shards.count()) {
      order.add(shardHint);
    }
    for (int shard = 0; shard < shards.count(); shard++) {
      if (!order.contains(shard)) {
        order.add(shard);
      }
    }
    for (int candidate : order) {
      List<Map<String, Object>> rows = shards.shard(candidate).queryForList(ROW_SQL,
          (Object) id.toBytes());
      if (!rows.isEmpty()) {
        row = rows.getFirst();
        found = candidate;
        break;
      }
    }
    if (row == null) {
      return null;
    }
    long submittedUs = ((Number) row.get("submitted_us")).longValue();
    long decidedUs = ((Number) row.get("decided_us")).longValue();
    byte[] storedLeafHash = (byte[]) row.get("leaf_hash");
    Map<String, Object> payment = new LinkedHashMap<>();
    payment.put("id", id.value().toString());
    payment.put("shard", found);
    payment.put("shardSeq", row.get("shard_seq"));
    payment.put("batchSeq", row.get("batch_seq"));
    payment.put("client", row.get("client_id"));
    payment.put("payer", row.get("payer"));
    payment.put("payee", row.get("payee"));
    payment.put("payeeShard", row.get("payee_shard"));
    payment.put("amount", row.get("amount"));
    payment.put("currency", row.get("currency"));
    payment.put("reference", row.get("reference"));
    payment.put("status", row.get("status"));
    payment.put("reason", row.get("reason"));
    payment.put("submittedAt", micros(submittedUs));
    payment.put("decidedAt", micros(decidedUs));
    payment.put("latencyMs", Math.max(0, decidedUs - submittedUs) / 1000.0);
    payment.put("leafHash", storedLeafHash == null ? null : HEX.formatHex(storedLeafHash));
    payment.put("proof", proof(id, found, row, decidedUs, storedLeafHash));
    return payment;
  }

  /**
   * The proof status of the row. The proof is fetched without a key, so a ledger with access
   * rules answers the hashes-only proof (docs/ledger.md, "Access"): {@link ProofStatus} compares
   * its leaf hash with the one recomputed from this row, which proves the row as strictly as
   * the leaf bytes would, and no payer, payee or amount crosses the wire again.
   */
  private Map<String, Object> proof(TxId id, int shard, Map<String, Object> row, long decidedUs,
      byte[] storedLeafHash) {
    Map<String, Object> proof = new LinkedHashMap<>();
    SealedTransaction sealed;
    try {
      sealed = new SealedTransaction(id, shard, ((Number) row.get("shard_seq")).longValue(),
          AccountId.of((String) row.get("payer")), AccountId.of((String) row.get("payee")),
          Money.of(((Number) row.get("amount")).longValue(), (String) row.get("currency")),
          (String) row.get("status"), (String) row.get("reason"),
          (String) row.get("reference"), decidedUs);
    } catch (IllegalArgumentException | NullPointerException | ClassCastException unusable) {
      proof.put("status", "invalid");
      proof.put("detail", "the shard row forms no valid transaction: "
          + unusable.getMessage());
      return proof;
    }
    try {
      HttpResponse<String> response = get(properties.ledgerUrl() + "/api/v1/transactions/"
          + id.value() + "/proof");
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
      if ("invalid".equals(result.status()) && result.failure() != null
          && result.failure().contains("unknown key")) {
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
        keys.put(key.path("keyId").asString(),
            ChainSignatures.publicKeyFromRaw(HEX.parseHex(key.path("publicKey").asString())));
      }
    }
    return keys;
  }

  /**
   * GET, retried once on an I/O error: the client may pick a pooled connection the server
   * has closed meanwhile (idle keep-alive), which fails before anything was processed.
   */
  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException stale) {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String micros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L).toString();
  }
}
