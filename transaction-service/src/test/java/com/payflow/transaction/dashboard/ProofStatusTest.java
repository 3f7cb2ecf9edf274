package com.payflow.transaction.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The detail view's proof check, on proofs built here exactly as docs/ledger.md describes: the full
 * proof (leaf bytes, for the payment's client and the operator), the same from a ledger before
 * {@code leafContents}, and the hashes-only proof the dashboard gets without a key.
 */
class ProofStatusTest {

  private static final HexFormat HEX = HexFormat.of();
  private final JsonMapper json = JsonMapper.builder().build();

  private record Built(ObjectNode proof, SealedTransaction row, Map<String, PublicKey> keys) {

    ProofStatus.Result check(JsonNode proof, SealedTransaction row) {
      return ProofStatus.check(
          proof,
          row,
          MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(row)).bytes(),
          keys);
    }

    ProofStatus.Result check(JsonNode proof) {
      return check(proof, row);
    }
  }

  @Test
  void aFullProofOfTheRow_isVerified() throws Exception {
    Built built = build(Variant.INCLUDED);
    ProofStatus.Result result = built.check(built.proof());
    assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo("verified");
    assertThat(result.passed()).hasSize(6).last().isEqualTo("leaf = shard row");
    assertThat(result.blockHeight()).isEqualTo(1);
    assertThat(result.headHeight()).isEqualTo(1);
  }

  @Test
  void aProofFromBeforeLeafContents_isVerifiedAsAFullProof() throws Exception {
    Built built = build(Variant.LEGACY);
    ProofStatus.Result result = built.check(built.proof());
    assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo("verified");
    assertThat(result.passed()).last().isEqualTo("leaf = shard row");
  }

  @Test
  void aHashesOnlyProofOfTheRow_isVerifiedAgainstTheRowsRecomputedLeaf() throws Exception {
    Built built = build(Variant.WITHHELD);
    ProofStatus.Result result = built.check(built.proof());
    assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo("verified");
    assertThat(result.passed())
        .hasSize(6)
        .last()
        .isEqualTo("leaf hash = shard row's (hashes-only proof)");
    // The ledger's stored leaf_hash may be absent (null): the recomputed one is what counts.
    assertThat(ProofStatus.check(built.proof(), built.row(), null, built.keys()).status())
        .isEqualTo("verified");
  }

  @Test
  void aRowThatDiffersFromTheProvenLeaf_isInvalid_withEitherVariant() throws Exception {
    for (Variant variant : Variant.values()) {
      Built built = build(variant);
      // The decision time, as if the row had been edited.
      SealedTransaction edited = withDecidedAt(built.row(), built.row().decidedAtMicros() + 1);
      ProofStatus.Result result = built.check(built.proof(), edited);
      assertThat(result.status()).as(variant.name()).isEqualTo("invalid");
      assertThat(result.failure()).as(variant.name()).contains("shard row");
      // The proof itself verified (five steps): it proves another leaf than this row.
      assertThat(result.passed()).as(variant.name()).hasSize(5);
    }
  }

  @Test
  void aStoredLeafHashThatDiffersFromTheRow_isInvalid() throws Exception {
    for (Variant variant : Variant.values()) {
      Built built = build(variant);
      byte[] other =
          MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(withDecidedAt(built.row(), 1)))
              .bytes();
      assertThat(ProofStatus.check(built.proof(), built.row(), other, built.keys()).failure())
          .as(variant.name())
          .contains("leaf_hash");
    }
  }

  @Test
  void aHashesOnlyProofOfAnotherLeaf_isInvalid() throws Exception {
    Built built = build(Variant.WITHHELD);
    ObjectNode other = built.proof().deepCopy();
    ((ObjectNode) other.get("leaf"))
        .put(
            "hash",
            MerkleHashing.leafHash(
                    CanonicalTransactionEncoding.encode(withDecidedAt(built.row(), 1)))
                .hex());
    assertThat(built.check(other).failure()).contains("batch.path");
  }

  @Test
  void leafContentsMustSayWhetherTheBytesAreThere() throws Exception {
    Built withheld = build(Variant.WITHHELD);
    ObjectNode unsaid = withheld.proof().deepCopy();
    unsaid.remove("leafContents");
    assertThat(withheld.check(unsaid).failure()).contains("leaf.bytes is missing");
    ObjectNode claimsIncluded = withheld.proof().deepCopy();
    claimsIncluded.put("leafContents", "included");
    assertThat(withheld.check(claimsIncluded).failure()).contains("leaf.bytes is missing");

    Built included = build(Variant.INCLUDED);
    ObjectNode claimsWithheld = included.proof().deepCopy();
    claimsWithheld.put("leafContents", "withheld");
    assertThat(included.check(claimsWithheld).failure())
        .contains("leafContents is withheld but leaf.bytes are there");
    ObjectNode decodedWithoutBytes = withheld.proof().deepCopy();
    ((ObjectNode) decodedWithoutBytes.get("leaf"))
        .set("decoded", included.proof().get("leaf").get("decoded"));
    assertThat(withheld.check(decodedWithoutBytes).failure()).contains("decoded");
  }

  @Test
  void fullProofBytesOrDecodedFieldsThatDifferFromTheRow_areInvalid() throws Exception {
    Built built = build(Variant.INCLUDED);
    ObjectNode otherBytes = built.proof().deepCopy();
    byte[] bytes = CanonicalTransactionEncoding.encode(withDecidedAt(built.row(), 1));
    ((ObjectNode) otherBytes.get("leaf")).put("bytes", HEX.formatHex(bytes));
    assertThat(built.check(otherBytes).failure()).contains("leaf.hash is not SHA-256");

    ObjectNode otherPayee = built.proof().deepCopy();
    ((ObjectNode) otherPayee.get("leaf").get("decoded")).put("payee", "mallory-main");
    assertThat(built.check(otherPayee).failure()).contains("leaf.decoded");
    ObjectNode otherAmount = built.proof().deepCopy();
    ((ObjectNode) otherAmount.get("leaf").get("decoded")).put("amount", 1);
    assertThat(built.check(otherAmount).failure()).contains("leaf.decoded");
  }

  @Test
  void positionsAndHeightsThatDisagreeWithTheRowOrTheSignedHeaders_areInvalid() throws Exception {
    for (Variant variant : Variant.values()) {
      Built built = build(variant);
      assertThat(built.check(edit(built, "leaf", "shardSeq", 3)).failure())
          .as(variant.name())
          .containsAnyOf("leaf.shardSeq", "batch.leafIndex");
      assertThat(built.check(edit(built, "leaf", "shard", 1)).failure())
          .as(variant.name())
          .contains("leaf.shard is 1");
      ObjectNode otherId = built.proof().deepCopy();
      otherId.put("transactionId", UUID.nameUUIDFromBytes(new byte[] {3}).toString());
      assertThat(built.check(otherId).failure()).as(variant.name()).contains("transactionId");
      assertThat(built.check(edit(built, "batch", "leafIndex", 0)).failure())
          .as(variant.name())
          .contains("batch.leafIndex is 0");
      assertThat(built.check(edit(built, "block", "height", 2)).failure())
          .as(variant.name())
          .contains("block.height is 2 but the signed header says 1");
      assertThat(built.check(edit(built, "log", "treeSize", 4)).failure())
          .as(variant.name())
          .contains("log.treeSize");
      assertThat(built.check(edit(built, "head", "height", 5)).failure())
          .as(variant.name())
          .contains("head.height is 5 but the signed");
      ObjectNode noShard = built.proof().deepCopy();
      ((ObjectNode) noShard.get("leaf")).remove("shard");
      assertThat(built.check(noShard).failure()).as(variant.name()).contains("shard");
    }
  }

  @Test
  void aBrokenPathOrSignatureOrUnknownKey_isInvalid() throws Exception {
    for (Variant variant : Variant.values()) {
      Built built = build(variant);
      ObjectNode brokenPath = built.proof().deepCopy();
      ((ObjectNode) brokenPath.get("batch")).putArray("path").add("00".repeat(32));
      assertThat(built.check(brokenPath).failure()).as(variant.name()).contains("batch.path");

      ObjectNode brokenLog = built.proof().deepCopy();
      ((ObjectNode) brokenLog.get("log"))
          .putArray("path")
          .add("00".repeat(32))
          .add("00".repeat(32));
      assertThat(built.check(brokenLog).failure()).as(variant.name()).contains("log.path");

      ObjectNode badSignature = built.proof().deepCopy();
      String signature = badSignature.get("block").get("signature").asString();
      ((ObjectNode) badSignature.get("block"))
          .put("signature", (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1));
      assertThat(built.check(badSignature).failure()).as(variant.name()).contains("signature");

      ProofStatus.Result unknown = ProofStatus.check(built.proof(), built.row(), null, Map.of());
      assertThat(unknown.failure()).as(variant.name()).contains("is signed by key");
      assertThat(unknown.unknownKey()).as("a reason to fetch the published keys again").isTrue();
      assertThat(built.check(brokenPath).unknownKey()).isFalse();
    }
  }

  /**
   * The checks the dashboard once skipped and the offline verifier always made: a leaf that an
   * earlier block appended is not "in" this block, and repeated fields must match what is signed or
   * hashed.
   */
  @Test
  void aLeafBelowTheBlocksFirstLogIndex_orAnyRepeatedFieldThatDisagrees_isInvalid()
      throws Exception {
    // The same log, but the block says it appended only the last leaf (first log index 2).
    Built earlier = build(Variant.INCLUDED, 1);
    assertThat(earlier.check(earlier.proof()).failure())
        .contains("log.leafIndex 1 is outside the leaves block 1 appended (2..2)");

    Built built = build(Variant.WITHHELD);
    assertThat(built.check(edit(built, "batch", "size", 4)).failure()).contains("batch.size");
    assertThat(built.check(edit(built, "block", "batchCount", 2)).failure())
        .contains("block.batchCount");
    ObjectNode otherRoot = built.proof().deepCopy();
    ((ObjectNode) otherRoot.get("batch")).put("root", "11".repeat(32));
    assertThat(built.check(otherRoot).failure()).contains("batch.root");
    assertThat(built.check(edit(built, "", "version", 2)).failure()).contains("version");
  }

  /** The proof variants a ledger answers. */
  private enum Variant {
    /** With the leaf bytes and decoded contents, {@code leafContents: included}. */
    INCLUDED,
    /** With the leaf bytes, no {@code leafContents} (a ledger before the access rules). */
    LEGACY,
    /** Hashes only, {@code leafContents: withheld}. */
    WITHHELD
  }

  /** A copy of the proof with {@code object.field} (or the top-level field, object "") set. */
  private ObjectNode edit(Built built, String object, String field, long value) {
    ObjectNode copy = built.proof().deepCopy();
    (object.isEmpty() ? copy : (ObjectNode) copy.get(object)).put(field, value);
    return copy;
  }

  private static SealedTransaction withDecidedAt(SealedTransaction tx, long decidedAtMicros) {
    return new SealedTransaction(
        tx.txId(),
        tx.shard(),
        tx.shardSeq(),
        tx.payer(),
        tx.payee(),
        tx.amount(),
        tx.status(),
        tx.reason(),
        tx.reference(),
        decidedAtMicros);
  }

  /**
   * One block (height 1) with one batch of shard 2 sequences 1..3; the proof is for the second
   * (shard 2, sequence 2, leaf index 1 in the batch and the log).
   */
  private Built build(Variant variant) throws Exception {
    return build(variant, 3);
  }

  /** As {@link #build(Variant)}, with a block header claiming {@code txCount} transactions. */
  private Built build(Variant variant, int txCount) throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String keyId = ChainSignatures.keyId(keys.getPublic());
    List<SealedTransaction> rows = new ArrayList<>();
    List<Sha256Hash> hashes = new ArrayList<>();
    for (int seq = 1; seq <= 3; seq++) {
      SealedTransaction row =
          new SealedTransaction(
              new TxId(UUID.nameUUIDFromBytes(new byte[] {(byte) seq})),
              2,
              seq,
              AccountId.of("alice-main"),
              AccountId.of("bob-main"),
              Money.of(100 + seq, "EUR"),
              "SETTLED",
              null,
              "ref " + seq,
              1_700_000_000_000_000L + seq);
      rows.add(row);
      hashes.add(MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(row)));
    }
    MerkleTree batchTree = MerkleTree.of(hashes);
    BatchEntry entry = new BatchEntry(2, 1, 1, 3, batchTree.root());
    MerkleTree entryTree = MerkleTree.of(List.of(entry.leafHash()));
    BlockHeader header =
        new BlockHeader(
            BlockHeaderEncoding.VERSION,
            1,
            BlockHeader.NO_PREVIOUS,
            entryTree.root(),
            3,
            batchTree.root(),
            1_700_000_000_100_000L,
            1,
            txCount,
            keyId);
    byte[] headerBytes = BlockHeaderEncoding.encode(header);
    String signature = HEX.formatHex(ChainSignatures.sign(keys.getPrivate(), headerBytes));
    String hash = BlockHeaderEncoding.blockHash(headerBytes).hex();

    SealedTransaction proven = rows.get(1);
    ObjectNode proof = json.createObjectNode();
    proof.put("version", 1);
    proof.put("transactionId", proven.txId().toString());
    if (variant != Variant.LEGACY) {
      proof.put("leafContents", variant == Variant.WITHHELD ? "withheld" : "included");
    }
    ObjectNode leafNode = proof.putObject("leaf");
    if (variant != Variant.WITHHELD) {
      leafNode.put("bytes", HEX.formatHex(CanonicalTransactionEncoding.encode(proven)));
    }
    leafNode.put("hash", hashes.get(1).hex());
    leafNode.put("shard", 2);
    leafNode.put("shardSeq", 2);
    if (variant == Variant.INCLUDED) {
      ObjectNode decoded = leafNode.putObject("decoded");
      decoded.put("payer", "alice-main");
      decoded.put("payee", "bob-main");
      decoded.put("amount", 102);
      decoded.put("currency", "EUR");
      decoded.put("status", "SETTLED");
      decoded.put("reason", "");
      decoded.put("reference", "ref 2");
      decoded.put("decidedAtMicros", proven.decidedAtMicros());
    }
    ObjectNode batch = proof.putObject("batch");
    batch.put("entry", HEX.formatHex(entry.encode()));
    batch.put("root", batchTree.root().hex());
    batch.put("leafIndex", 1);
    batch.put("size", 3);
    batchTree.inclusionProof(1).path().forEach(node -> batch.withArray("path").add(node.hex()));
    batch.withArray("path");
    ObjectNode block = proof.putObject("block");
    block.put("height", 1);
    block.put("hash", hash);
    block.put("header", HEX.formatHex(headerBytes));
    block.put("signature", signature);
    block.put("keyId", keyId);
    block.put("batchIndex", 0);
    block.put("batchCount", 1);
    block.withArray("path");
    ObjectNode log = proof.putObject("log");
    log.put("leafIndex", 1);
    log.put("treeSize", 3);
    batchTree.inclusionProof(1).path().forEach(node -> log.withArray("path").add(node.hex()));
    ObjectNode head = proof.putObject("head");
    head.put("height", 1);
    head.put("hash", hash);
    head.put("header", HEX.formatHex(headerBytes));
    head.put("signature", signature);
    head.withArray("consistencyPath");
    return new Built(proof, proven, Map.of(keyId, keys.getPublic()));
  }
}
