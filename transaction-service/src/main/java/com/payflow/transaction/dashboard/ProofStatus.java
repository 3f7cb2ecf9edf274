package com.payflow.transaction.dashboard;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.merkle.ConsistencyProof;
import com.payflow.contracts.merkle.InclusionProof;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.Sha256Hash;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a transaction's inclusion proof (the JSON of ledger-service's
 * {@code GET /api/v1/transactions/{id}/proof}, docs/ledger.md) against the payment's own shard
 * row: the proven leaf is the row's canonical encoding, it is in its batch at the row's shard
 * position, the batch is in a signed block, the leaf is in that block's log and the signed head
 * extends it. The keys are the ledger's published keys — a status for operators, not the
 * offline, pinned-key verification of {@code ledger-service.jar verify}.
 *
 * <p>Both proof variants are checked as strictly: a proof with the leaf's contents
 * ({@code leafContents} {@code included}, or absent from a ledger that predates it) must carry
 * exactly the row's canonical bytes, which hash to {@code leaf.hash}; a hashes-only proof
 * ({@code leafContents} {@code withheld}, what the ledger gives a caller without the payment's
 * client key or the operator key) must carry the row's own leaf hash, recomputed here as
 * SHA-256(0x00 || the row's canonical encoding). Either way every path below starts from the
 * row's recomputed leaf hash, so what is proven is the row as it is now.
 */
final class ProofStatus {

  /** The verdict: {@code verified} or {@code invalid} with the first failed check. */
  record Result(String status, List<String> passed, String failure, long blockHeight,
      long headHeight, String keyId) {}

  /** {@code leafContents} of a proof with the leaf bytes. */
  static final String INCLUDED = "included";

  /** {@code leafContents} of a hashes-only proof. */
  static final String WITHHELD = "withheld";

  private static final HexFormat HEX = HexFormat.of();

  private ProofStatus() {}

  /**
   * Verifies {@code proof} for the shard row whose ledger fields are {@code row} and whose
   * stored leaf hash is {@code rowLeafHash} (null when none is stored), with {@code keys} by
   * key id.
   */
  static Result check(JsonNode proof, SealedTransaction row, byte[] rowLeafHash,
      Map<String, PublicKey> keys) {
    List<String> passed = new ArrayList<>();
    long blockHeight = proof.path("block").path("height").asLong();
    long headHeight = proof.path("head").path("height").asLong();
    String keyId = null;
    try {
      byte[] rowLeaf = CanonicalTransactionEncoding.encode(row);
      Sha256Hash leafHash = MerkleHashing.leafHash(rowLeaf);
      JsonNode leaf = proof.path("leaf");
      require(leafHash.hex().equals(leaf.path("hash").asString("")),
          "proven leaf hash differs from the shard row's recomputed leaf hash"
              + " (SHA-256(0x00 || canonical encoding))");
      require(rowLeafHash == null || Arrays.equals(leafHash.bytes(), rowLeafHash),
          "proven leaf hash differs from the shard row's leaf_hash");
      require(row.txId().toString().equals(proof.path("transactionId").asString(""))
          && number(leaf, "shard") == row.shard()
          && number(leaf, "shardSeq") == row.shardSeq(),
          "proof is for another transaction or shard position than the shard row");
      JsonNode contents = proof.get("leafContents");
      JsonNode bytes = leaf.get("bytes");
      if (bytes != null && !bytes.isNull()) {
        require(contents == null || INCLUDED.equals(contents.asString("")),
            "leafContents is " + contents + " but the proof carries leaf bytes");
        byte[] leafBytes = HEX.parseHex(bytes.asString(""));
        require(MerkleHashing.leafHash(leafBytes).equals(leafHash),
            "leaf hash is not SHA-256(0x00 || leaf bytes)");
        require(Arrays.equals(leafBytes, rowLeaf),
            "proven leaf differs from the shard row's canonical encoding");
        JsonNode decoded = leaf.get("decoded");
        require(decoded == null || (row.payer().value().equals(decoded.path("payer").asString(""))
            && row.payee().value().equals(decoded.path("payee").asString(""))
            && decoded.path("amount").isIntegralNumber()
            && row.amount().value() == decoded.path("amount").asLong()
            && row.amount().currencyCode().equals(decoded.path("currency").asString(""))
            && row.status().equals(decoded.path("status").asString(""))),
            "leaf.decoded differs from the leaf bytes");
        passed.add("leaf = shard row");
      } else {
        require(contents != null && WITHHELD.equals(contents.asString("")),
            "proof carries no leaf bytes and its leafContents is " + contents + ", not "
                + WITHHELD);
        require(leaf.get("decoded") == null, "hashes-only proof carries decoded leaf contents");
        passed.add("leaf hash = shard row's (hashes-only proof)");
      }

      BatchEntry entry = BatchEntry.decode(
          HEX.parseHex(proof.path("batch").path("entry").asString("")));
      long indexInBatch = number(proof.path("batch"), "leafIndex");
      require(entry.shard() == row.shard() && entry.firstSeq() <= row.shardSeq()
          && row.shardSeq() <= entry.lastSeq() && indexInBatch == row.shardSeq()
          - entry.firstSeq(), "batch " + entry.shard() + "/" + entry.batchSeq()
          + " does not hold shard " + row.shard() + " sequence " + row.shardSeq()
          + " at leaf index " + indexInBatch);
      require(MerkleVerifier.verifyInclusion(leafHash, new InclusionProof(indexInBatch,
          entry.count(), path(proof.path("batch").path("path"))), entry.root()),
          "leaf not in batch " + entry.shard() + "/" + entry.batchSeq());
      passed.add("in batch " + entry.shard() + "/" + entry.batchSeq());

      JsonNode block = proof.path("block");
      BlockHeader header = signed(block.path("header").asString(""),
          block.path("signature").asString(""), block.path("hash").asString(""), keys,
          "block " + blockHeight);
      keyId = header.keyId();
      require(number(block, "height") == header.height(), "block.height is " + blockHeight
          + " but the signed header says " + header.height());
      passed.add("block " + header.height() + " signed by " + header.keyId());
      require(MerkleVerifier.verifyInclusion(entry.leafHash(), new InclusionProof(
          number(block, "batchIndex"), header.batchCount(), path(block.path("path"))),
          header.batchRoot()), "batch not in block " + header.height());
      passed.add("batch in block " + header.height());

      JsonNode log = proof.path("log");
      long logIndex = number(log, "leafIndex");
      require(number(log, "treeSize") == header.logSize(), "log.treeSize is "
          + log.path("treeSize") + " but block " + header.height() + " has a log of "
          + header.logSize());
      require(logIndex < header.logSize() && MerkleVerifier.verifyInclusion(leafHash,
          new InclusionProof(logIndex, header.logSize(), path(log.path("path"))),
          header.logRoot()), "leaf not in the log of block " + header.height());
      passed.add("log index " + logIndex);

      JsonNode headNode = proof.path("head");
      BlockHeader head = signed(headNode.path("header").asString(""),
          headNode.path("signature").asString(""), headNode.path("hash").asString(""), keys,
          "head " + headHeight);
      require(number(headNode, "height") == head.height(), "head.height is " + headHeight
          + " but the signed head says " + head.height());
      require(head.height() >= header.height() && MerkleVerifier.verifyConsistency(
          new ConsistencyProof(header.logSize(), head.logSize(),
              path(headNode.path("consistencyPath"))), header.logRoot(), head.logRoot()),
          "head " + head.height() + " does not extend block " + header.height());
      passed.add("head " + head.height() + " extends it");
      return new Result("verified", passed, null, header.height(), head.height(), keyId);
    } catch (IllegalArgumentException | IllegalStateException broken) {
      return new Result("invalid", passed, broken.getMessage(), blockHeight, headHeight, keyId);
    }
  }

  /** The non-negative integer {@code field} of {@code node}; invalid when missing. */
  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    require(value != null && value.isIntegralNumber() && value.canConvertToLong()
        && value.asLong() >= 0, "proof field " + field + " is missing or not a non-negative"
        + " integer");
    return value.asLong();
  }

  private static BlockHeader signed(String headerHex, String signatureHex, String hashHex,
      Map<String, PublicKey> keys, String what) {
    byte[] bytes = HEX.parseHex(headerHex);
    BlockHeader header = BlockHeaderEncoding.decode(bytes);
    require(BlockHeaderEncoding.blockHash(bytes).hex().equals(hashHex),
        what + ": hash is not SHA-256 of the header");
    PublicKey key = keys.get(header.keyId());
    require(key != null, what + ": signed by unknown key " + header.keyId());
    require(ChainSignatures.verify(key, bytes, HEX.parseHex(signatureHex)),
        what + ": signature does not verify");
    return header;
  }

  private static List<Sha256Hash> path(JsonNode array) {
    List<Sha256Hash> path = new ArrayList<>();
    for (JsonNode element : array) {
      path.add(Sha256Hash.fromHex(element.asString()));
    }
    return path;
  }

  private static void require(boolean condition, String failure) {
    if (!condition) {
      throw new IllegalStateException(failure);
    }
  }
}
