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

/** The detail view's proof check, on a proof built here exactly as docs/ledger.md describes. */
class ProofStatusTest {

  private static final HexFormat HEX = HexFormat.of();
  private final JsonMapper json = JsonMapper.builder().build();

  private record Built(JsonNode proof, byte[] leaf, Map<String, PublicKey> keys) {}

  @Test
  void aProofOfTheRow_isVerified() throws Exception {
    Built built = build();
    ProofStatus.Result result = ProofStatus.check(built.proof(), built.leaf(),
        MerkleHashing.leafHash(built.leaf()).bytes(), built.keys());
    assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo("verified");
    assertThat(result.passed()).hasSize(6);
    assertThat(result.blockHeight()).isEqualTo(1);
  }

  @Test
  void aRowThatDiffersFromTheProvenLeaf_isInvalid() throws Exception {
    Built built = build();
    byte[] changed = built.leaf().clone();
    changed[changed.length - 1] ^= 1; // the decision time, as if the row had been edited
    ProofStatus.Result result = ProofStatus.check(built.proof(), changed, null, built.keys());
    assertThat(result.status()).isEqualTo("invalid");
    assertThat(result.failure()).contains("shard row");
  }

  @Test
  void aBrokenPathOrSignatureOrUnknownKey_isInvalid() throws Exception {
    Built built = build();
    ObjectNode brokenPath = (ObjectNode) built.proof().deepCopy();
    ((ObjectNode) brokenPath.get("batch")).putArray("path").add("00".repeat(32));
    assertThat(ProofStatus.check(brokenPath, built.leaf(), null, built.keys()).failure())
        .contains("not in batch");

    ObjectNode badSignature = (ObjectNode) built.proof().deepCopy();
    String signature = badSignature.get("block").get("signature").asString();
    ((ObjectNode) badSignature.get("block")).put("signature",
        (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1));
    assertThat(ProofStatus.check(badSignature, built.leaf(), null, built.keys()).failure())
        .contains("signature");

    assertThat(ProofStatus.check(built.proof(), built.leaf(), null, Map.of()).failure())
        .contains("unknown key");
  }

  /** One block (height 1) with one batch of three transactions; the proof is for the second. */
  private Built build() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String keyId = ChainSignatures.keyId(keys.getPublic());
    List<byte[]> leaves = new ArrayList<>();
    List<Sha256Hash> hashes = new ArrayList<>();
    for (int seq = 1; seq <= 3; seq++) {
      byte[] leaf = CanonicalTransactionEncoding.encode(new SealedTransaction(
          new TxId(UUID.nameUUIDFromBytes(new byte[] {(byte) seq})), 2, seq,
          AccountId.of("alice-main"), AccountId.of("bob-main"), Money.of(100 + seq, "EUR"),
          "SETTLED", null, "ref " + seq, 1_700_000_000_000_000L + seq));
      leaves.add(leaf);
      hashes.add(MerkleHashing.leafHash(leaf));
    }
    MerkleTree batchTree = MerkleTree.of(hashes);
    BatchEntry entry = new BatchEntry(2, 1, 1, 3, batchTree.root());
    MerkleTree entryTree = MerkleTree.of(List.of(entry.leafHash()));
    BlockHeader header = new BlockHeader(BlockHeaderEncoding.VERSION, 1, BlockHeader.NO_PREVIOUS,
        entryTree.root(), 3, batchTree.root(), 1_700_000_000_100_000L, 1, 3, keyId);
    byte[] headerBytes = BlockHeaderEncoding.encode(header);
    String signature = HEX.formatHex(ChainSignatures.sign(keys.getPrivate(), headerBytes));
    String hash = BlockHeaderEncoding.blockHash(headerBytes).hex();

    ObjectNode proof = json.createObjectNode();
    proof.put("version", 1);
    proof.put("transactionId", UUID.nameUUIDFromBytes(new byte[] {2}).toString());
    ObjectNode leafNode = proof.putObject("leaf");
    leafNode.put("bytes", HEX.formatHex(leaves.get(1)));
    leafNode.put("hash", hashes.get(1).hex());
    ObjectNode batch = proof.putObject("batch");
    batch.put("entry", HEX.formatHex(entry.encode()));
    batch.put("leafIndex", 1);
    batchTree.inclusionProof(1).path().forEach(node -> batch.withArray("path").add(node.hex()));
    batch.withArray("path");
    ObjectNode block = proof.putObject("block");
    block.put("height", 1);
    block.put("hash", hash);
    block.put("header", HEX.formatHex(headerBytes));
    block.put("signature", signature);
    block.put("batchIndex", 0);
    block.withArray("path");
    ObjectNode log = proof.putObject("log");
    log.put("leafIndex", 1);
    batchTree.inclusionProof(1).path().forEach(node -> log.withArray("path").add(node.hex()));
    ObjectNode head = proof.putObject("head");
    head.put("height", 1);
    head.put("hash", hash);
    head.put("header", HEX.formatHex(headerBytes));
    head.put("signature", signature);
    head.withArray("consistencyPath");
    return new Built(proof, leaves.get(1), Map.of(keyId, keys.getPublic()));
  }
}
