package com.payflow.transaction.dashboard;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.merkle.ConsistencyProof;
import com.payflow.contracts.merkle.InclusionProof;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.Sha256Hash;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a transaction's inclusion proof (the JSON of ledger-service's
 * {@code GET /api/v1/transactions/{id}/proof}, docs/ledger.md) against the payment's own shard
 * row: the leaf is the row's canonical encoding, it is in its batch, the batch is in a signed
 * block, the leaf is in that block's log and the signed head extends it. The keys are the
 * ledger's published keys — a status for operators, not the offline, pinned-key verification
 * of {@code ledger-service.jar verify}.
 */
final class ProofStatus {

  /** The verdict: {@code verified} or {@code invalid} with the first failed check. */
  record Result(String status, List<String> passed, String failure, long blockHeight,
      long headHeight, String keyId) {}

  private static final HexFormat HEX = HexFormat.of();

  private ProofStatus() {}

  /**
   * Verifies {@code proof} for the row whose recomputed leaf data is {@code rowLeaf} and whose
   * stored leaf hash is {@code rowLeafHash}, with {@code keys} by key id.
   */
  static Result check(JsonNode proof, byte[] rowLeaf, byte[] rowLeafHash,
      Map<String, PublicKey> keys) {
    List<String> passed = new ArrayList<>();
    long blockHeight = proof.path("block").path("height").asLong();
    long headHeight = proof.path("head").path("height").asLong();
    String keyId = null;
    try {
      byte[] leafBytes = HEX.parseHex(proof.path("leaf").path("bytes").asString(""));
      Sha256Hash leafHash = MerkleHashing.leafHash(leafBytes);
      require(leafHash.hex().equals(proof.path("leaf").path("hash").asString("")),
          "leaf hash is not SHA-256(0x00 || leaf bytes)");
      require(java.util.Arrays.equals(leafBytes, rowLeaf),
          "proven leaf differs from the shard row's canonical encoding");
      require(rowLeafHash == null || java.util.Arrays.equals(leafHash.bytes(), rowLeafHash),
          "proven leaf hash differs from the shard row's leaf_hash");
      passed.add("leaf = shard row");

      BatchEntry entry = BatchEntry.decode(HEX.parseHex(proof.path("batch").path("entry").asString("")));
      long indexInBatch = proof.path("batch").path("leafIndex").asLong();
      require(MerkleVerifier.verifyInclusion(leafHash, new InclusionProof(indexInBatch,
          entry.count(), path(proof.path("batch").path("path"))), entry.root()),
          "leaf not in batch " + entry.shard() + "/" + entry.batchSeq());
      passed.add("in batch " + entry.shard() + "/" + entry.batchSeq());

      JsonNode block = proof.path("block");
      BlockHeader header = signed(block.path("header").asString(""),
          block.path("signature").asString(""), block.path("hash").asString(""), keys,
          "block " + blockHeight);
      keyId = header.keyId();
      passed.add("block " + header.height() + " signed by " + header.keyId());
      require(MerkleVerifier.verifyInclusion(entry.leafHash(), new InclusionProof(
          block.path("batchIndex").asLong(), header.batchCount(), path(block.path("path"))),
          header.batchRoot()), "batch not in block " + header.height());
      passed.add("batch in block " + header.height());

      JsonNode log = proof.path("log");
      long logIndex = log.path("leafIndex").asLong();
      require(logIndex < header.logSize() && MerkleVerifier.verifyInclusion(leafHash,
          new InclusionProof(logIndex, header.logSize(), path(log.path("path"))),
          header.logRoot()), "leaf not in the log of block " + header.height());
      passed.add("log index " + logIndex);

      JsonNode headNode = proof.path("head");
      BlockHeader head = signed(headNode.path("header").asString(""),
          headNode.path("signature").asString(""), headNode.path("hash").asString(""), keys,
          "head " + headHeight);
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
