package com.payflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.payment.TxId;
import com.payflow.ledger.chain.BlockSigner;
import com.payflow.ledger.verifier.OfflineVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline verifier on real proofs, exports and consistency proofs of a chain built by the real
 * ledger on the real servers, and on edited copies of them: every tampering, every edited field
 * that repeats a signed or hashed value, a rolled-back head, a fork and a wrong key must fail (exit
 * 1) with a message naming what failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflineVerifierIT {

  private static final int SHARDS = 2;
  private static final int FAILED = 1;
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Lowest byte of the amount in the leaf bytes of a LedgerFixture row with a 7-character payer and
   * payee (docs/ledger.md §1: 1 + 16 + 4 + 8, then 2 + 7 twice, then the 8-byte amount): flipping
   * it leaves bytes that still decode.
   */
  private static final int LAST_AMOUNT_BYTE = 1 + 16 + 4 + 8 + 2 * (2 + 7) + 8 - 1;

  private static final Map<String, String> PROPERTIES =
      Map.of(
          "payflow.ledger.block-interval-ms", "200",
          "payflow.ledger.block-close-grace-ms", "300",
          "payflow.ledger.max-batches-per-block", "3",
          "payflow.ledger.producer-poll-ms", "50");

  private LedgerFixture ledger;
  private Path dir;
  private Path key;
  private TxId subject;

  /** Proof of {@code subject} while the head was still its own block's: an older head. */
  private String earlyProof;

  private String fullProof;
  private String publicProof;
  private String consistency;
  private String export;

  @BeforeAll
  void buildAChain() throws Exception {
    ledger = LedgerFixture.create("ledgerverifier", SHARDS);
    ledger.startLedger(PROPERTIES);
    dir = ledger.runDir();
    // Batches of several rows and a log of several leaves: no path below is empty.
    subject = ledger.sealBatch(0, 4, "alice").get(1);
    ledger.sealBatch(1, 3, "bob");
    ledger.awaitLogSize(ledger.sealed().size());
    earlyProof = ledger.getText(proofPath(), ledger.operatorKey());
    for (int i = 0; i < 4; i++) {
      ledger.sealBatch(i % SHARDS, 2 + i, "alice");
      ledger.awaitLogSize(ledger.sealed().size());
    }
    fullProof = ledger.getText(proofPath(), ledger.operatorKey());
    publicProof = ledger.getText(proofPath());
    long head = ledger.head().path("height").asLong();
    assertThat(json(fullProof).path("block").path("height").asLong())
        .as("a later head")
        .isLessThan(head);
    consistency = ledger.getText("/api/v1/chain/consistency?from=1&to=" + head);
    export = ledger.getText("/api/v1/chain/export");
    key = dir.resolve("ledger.pub");
    Files.writeString(
        key, ledger.get("/api/v1/chain/public-key").path("active").path("publicKey").asString());
  }

  @AfterAll
  void stop() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  void theRealFiles_verify_andTheSuccessLinesHoldOnlyVerifiedValues() throws Exception {
    Run full = verify("--proof", file(fullProof));
    assertThat(full.code()).as(full.output()).isZero();
    JsonNode proof = json(fullProof);
    JsonNode decoded = proof.path("leaf").path("decoded");
    assertThat(full.output())
        .contains(
            "OK proof of "
                + subject
                + ": block "
                + proof.path("block").path("height").asLong()
                + ", log index "
                + proof.path("log").path("leafIndex").asLong()
                + ", head "
                + proof.path("head").path("height").asLong())
        .contains(
            "leaf contents verified: payer "
                + decoded.path("payer").asString()
                + ", payee "
                + decoded.path("payee").asString()
                + ", amount "
                + decoded.path("amount").asLong()
                + " EUR");

    Run all =
        verify(
            "--proof",
            file(earlyProof),
            "--chain",
            file(export),
            "--consistency",
            file(consistency));
    assertThat(all.code()).as(all.output()).isZero();
    assertThat(all.output()).contains("OK chain export").contains("OK consistency");
  }

  @Test
  void theHashesOnlyProof_verifies_andSaysTheLeafContentsWereNotIncluded() throws Exception {
    Run run = verify("--proof", file(publicProof));
    assertThat(run.code()).as(run.output()).isZero();
    JsonNode proof = json(publicProof);
    assertThat(run.output())
        .contains("OK proof of leaf " + proof.path("leaf").path("hash").asString())
        .contains("leaf contents not included")
        .doesNotContain(subject.toString())
        .doesNotContain("payer-");
  }

  @Test
  void aProofFromBeforeLeafContentsWereMarked_stillVerifies() throws Exception {
    Run run =
        verify(
            "--proof",
            file(
                edited(
                    fullProof,
                    proof -> {
                      proof.remove("leafContents");
                      ((ObjectNode) proof.get("leaf")).remove("decoded");
                    })));
    assertThat(run.code()).as(run.output()).isZero();
  }

  /** Tamperings of the proof with the leaf's contents: what each must fail on. */
  Stream<Arguments> tamperedFullProofs() {
    return Stream.of(
        tampering(
            "leaf bytes (hash left)",
            p -> flipHex(p, "leaf", "bytes", LAST_AMOUNT_BYTE),
            "leaf.hash is not SHA-256(0x00 || leaf.bytes)"),
        tampering(
            "leaf bytes (hash recomputed)",
            p -> {
              flipHex(p, "leaf", "bytes", LAST_AMOUNT_BYTE);
              ObjectNode leaf = (ObjectNode) p.get("leaf");
              leaf.remove("decoded");
              leaf.put(
                  "hash", MerkleHashing.leafHash(HEX.parseHex(leaf.get("bytes").asString())).hex());
            },
            "batch.path: the leaf does not verify against the root of batch"),
        tampering(
            "leaf contents, decoded",
            p -> ((ObjectNode) p.get("leaf").get("decoded")).put("amount", 999_999),
            "leaf.decoded.amount is 999999 but leaf.bytes says"),
        tampering("batch path", p -> flipPath(p, "batch", "path"), "batch.path"),
        tampering(
            "batch entry",
            p -> flipHex(p, "batch", "entry", 6),
            "block.path: batch.entry at block.batchIndex does not verify"),
        tampering(
            "block header (hash left)",
            p -> flipHex(p, "block", "header", 120),
            "block.hash is not SHA-256 of block.header"),
        tampering(
            "block header (hash recomputed)",
            p -> {
              flipHex(p, "block", "header", 120);
              rehash(p, "block");
            },
            "block.signature: the Ed25519 signature of block"),
        tampering(
            "block signature",
            p -> flipHex(p, "block", "signature", 10),
            "block.signature: the Ed25519 signature of block"),
        tampering("log path", p -> flipPath(p, "log", "path"), "log.path"),
        tampering(
            "head header",
            p -> {
              flipHex(p, "head", "header", 120);
              rehash(p, "head");
            },
            "head.signature: the Ed25519 signature of block"),
        tampering("head signature", p -> flipHex(p, "head", "signature", 10), "head.signature"),
        tampering(
            "consistency path",
            p -> flipPath(p, "head", "consistencyPath"),
            "head.consistencyPath"),
        tampering(
            "leaf contents withheld but bytes there",
            p -> p.put("leafContents", "withheld"),
            "leafContents is withheld"),
        tampering(
            "bytes without contents marked",
            p -> ((ObjectNode) p.get("leaf")).remove("bytes"),
            "leaf.bytes is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperedFullProofs")
  void aTamperedProof_failsNamingWhat(String what, Consumer<ObjectNode> edit, String message)
      throws Exception {
    assertFails(verify("--proof", file(edited(fullProof, edit))), message);
  }

  /** Every field of a proof that repeats a signed or hashed value, edited. */
  Stream<Arguments> editedRepeatedFields() {
    return Stream.of(
        field("block.height", p -> add(p, "block", "height", 1)),
        field("batch.root", p -> ((ObjectNode) p.get("batch")).put("root", "00".repeat(32))),
        field("batch.size", p -> add(p, "batch", "size", 1)),
        field("block.batchCount", p -> add(p, "block", "batchCount", 1)),
        field(
            "block.keyId",
            p -> ((ObjectNode) p.get("block")).put("keyId", "ed25519:0000000000000000")),
        field("head.height", p -> add(p, "head", "height", -1)),
        field("log.treeSize", p -> add(p, "log", "treeSize", 1)),
        field("leaf.shard", p -> add(p, "leaf", "shard", 1)),
        field("leaf.shardSeq", p -> add(p, "leaf", "shardSeq", 1)),
        field("batch.leafIndex", p -> add(p, "batch", "leafIndex", 1)),
        field("log.leafIndex", p -> add(p, "log", "leafIndex", 1)),
        field("block.batchIndex", p -> add(p, "block", "batchIndex", 1)),
        field("version", p -> p.put("version", 2)));
  }

  @ParameterizedTest(name = "{0}, proof with leaf contents")
  @MethodSource("editedRepeatedFields")
  void anEditedRepeatedField_isRejectedNamingIt(String field, Consumer<ObjectNode> edit)
      throws Exception {
    assertFails(verify("--proof", file(edited(fullProof, edit))), field);
  }

  @ParameterizedTest(name = "{0}, hashes-only proof")
  @MethodSource("editedRepeatedFields")
  void anEditedRepeatedField_ofTheHashesOnlyProof_isRejectedNamingIt(
      String field, Consumer<ObjectNode> edit) throws Exception {
    assertFails(verify("--proof", file(edited(publicProof, edit))), field);
  }

  @Test
  void theTransactionIdOfAFullProof_isTheOneInTheLeafBytes() throws Exception {
    assertFails(
        verify(
            "--proof",
            file(edited(fullProof, p -> p.put("transactionId", UUID.randomUUID().toString())))),
        "transactionId");
    assertFails(
        verify(
            "--proof",
            file(
                edited(
                    fullProof,
                    p -> ((ObjectNode) p.get("leaf").get("decoded")).put("payer", "mallory")))),
        "leaf.decoded.payer");
  }

  @Test
  void aTamperedLeafHash_ofTheHashesOnlyProof_fails() throws Exception {
    assertFails(
        verify(
            "--proof",
            file(
                edited(
                    publicProof,
                    p ->
                        ((ObjectNode) p.get("leaf"))
                            .put("hash", MerkleHashing.leafHash(new byte[] {1}).hex())))),
        "batch.path");
  }

  @Test
  void editedExportAndConsistencyFields_areRejectedNamingThem() throws Exception {
    assertFails(
        verify("--chain", file(edited(export, e -> add(e.get("blocks").get(0), "height", 1)))),
        "blocks[0].height");
    assertFails(
        verify("--consistency", file(edited(consistency, c -> add(c, "to", "height", 1)))),
        "to.height");
    assertFails(
        verify("--consistency", file(edited(consistency, c -> add(c, "toLogSize", 1)))),
        "toLogSize");
    assertFails(
        verify("--consistency", file(edited(consistency, c -> flipPath(c, "path")))),
        "path: the consistency proof");
  }

  @Test
  void aRolledBackHead_failsAgainstTheTrustedState() throws Exception {
    Path state = dir.resolve("state-rollback-" + UUID.randomUUID() + ".json");
    Run trusted = verify("--proof", file(fullProof), "--state", state.toString());
    assertThat(trusted.code()).as(trusted.output()).isZero();
    assertThat(trusted.output()).contains("trusted head is now");
    assertFails(
        verify("--proof", file(earlyProof), "--state", state.toString()),
        "rollback: the newest signed head is");
  }

  @Test
  void aForkedChain_twoSignedHeadsAtOneHeight_fails() throws Exception {
    // The ledger's own key signs a second head at the head's height: a fork only a verifier
    // that saw the other head can notice.
    String forked =
        edited(
            fullProof,
            p -> {
              ObjectNode head = (ObjectNode) p.get("head");
              BlockHeader real =
                  BlockHeaderEncoding.decode(HEX.parseHex(head.get("header").asString()));
              BlockHeader other =
                  new BlockHeader(
                      real.version(),
                      real.height(),
                      real.previousHash(),
                      real.batchRoot(),
                      real.logSize(),
                      real.logRoot(),
                      real.timestampMicros() + 1,
                      real.batchCount(),
                      real.txCount(),
                      real.keyId());
              byte[] bytes = BlockHeaderEncoding.encode(other);
              head.put("header", HEX.formatHex(bytes));
              head.put("hash", BlockHeaderEncoding.blockHash(bytes).hex());
              head.put(
                  "signature", HEX.formatHex(ledger.app().getBean(BlockSigner.class).sign(bytes)));
            });
    Run alone = verify("--proof", file(forked));
    assertThat(alone.code()).as("validly signed on its own: " + alone.output()).isZero();

    assertFails(
        verify("--proof", file(fullProof), "--proof", file(forked)),
        "fork: two signed blocks at height");
    Path state = dir.resolve("state-fork-" + UUID.randomUUID() + ".json");
    assertThat(verify("--proof", file(fullProof), "--state", state.toString()).code()).isZero();
    assertFails(verify("--proof", file(forked), "--state", state.toString()), "fork: block");
  }

  @Test
  void aWrongKey_fails() throws Exception {
    var other = KeyPairGenerator.getInstance(ChainSignatures.ALGORITHM).generateKeyPair();
    String otherKey = HEX.formatHex(ChainSignatures.rawPublicKey(other.getPublic()));
    for (String file : List.of(fullProof, publicProof)) {
      assertFails(run("--public-key", otherKey, "--proof", file(file)), "which is not pinned");
    }
    assertFails(run("--public-key", otherKey, "--chain", file(export)), "which is not pinned");
  }

  private String proofPath() {
    return "/api/v1/transactions/" + subject + "/proof";
  }

  private static Arguments tampering(String what, Consumer<ObjectNode> edit, String message) {
    return Arguments.of(what, edit, message);
  }

  private static Arguments field(String name, Consumer<ObjectNode> edit) {
    return Arguments.of(name, edit);
  }

  private static void add(JsonNode parent, String object, String field, long delta) {
    add(parent.get(object), field, delta);
  }

  private static void add(JsonNode object, String field, long delta) {
    ((ObjectNode) object).put(field, object.get(field).asLong() + delta);
  }

  /** Flips the bits of byte {@code index} of a hex field. */
  private static void flipHex(ObjectNode parent, String object, String field, int index) {
    ObjectNode node = (ObjectNode) parent.get(object);
    byte[] bytes = HEX.parseHex(node.get(field).asString());
    bytes[index] ^= (byte) 0xFF;
    node.put(field, HEX.formatHex(bytes));
  }

  private static void flipPath(ObjectNode parent, String object, String field) {
    flipPath((ObjectNode) parent.get(object), field);
  }

  /** Flips the first byte of the first hash of a path. */
  private static void flipPath(ObjectNode node, String field) {
    ArrayNode path = (ArrayNode) node.get(field);
    assertThat(path.isEmpty()).as(field + " is empty in the real file").isFalse();
    byte[] first = HEX.parseHex(path.get(0).asString());
    first[0] ^= (byte) 0xFF;
    path.set(0, path.stringNode(HEX.formatHex(first)));
  }

  /** After a header edit: the hash that goes with it, so the signature is what fails. */
  private static void rehash(ObjectNode parent, String object) {
    ObjectNode node = (ObjectNode) parent.get(object);
    node.put(
        "hash", BlockHeaderEncoding.blockHash(HEX.parseHex(node.get("header").asString())).hex());
  }

  private static String edited(String original, Consumer<ObjectNode> edit) {
    ObjectNode copy = (ObjectNode) json(original).deepCopy();
    edit.accept(copy);
    return copy.toString();
  }

  private static JsonNode json(String text) {
    return LedgerFixture.JSON.readTree(text);
  }

  private String file(String content) throws Exception {
    Path file = Files.createTempFile(dir, "input-", ".json");
    Files.writeString(file, content);
    return file.toString();
  }

  private static void assertFails(Run run, String message) {
    assertThat(run.code()).as(run.output()).isEqualTo(FAILED);
    assertThat(run.output()).contains("FAIL ").contains(message);
  }

  private record Run(int code, String output) {}

  private Run verify(String... args) {
    String[] withKey =
        Stream.concat(Stream.of("--public-key", "@" + key), Stream.of(args)).toArray(String[]::new);
    return run(withKey);
  }

  private static Run run(String... args) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code = new OfflineVerifier(new PrintStream(output, true, StandardCharsets.UTF_8)).run(args);
    return new Run(code, output.toString(StandardCharsets.UTF_8));
  }
}
