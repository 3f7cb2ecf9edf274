package com.payflow.contracts.proof;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.merkle.ConsistencyProof;
import com.payflow.contracts.merkle.InclusionProof;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.Sha256Hash;
import java.security.PublicKey;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Verifies one transaction proof file (the JSON of {@code GET .../proof}, docs/ledger.md "Proof"):
 * with the leaf's bytes, or hashes only. Every field that repeats something signed or hashed must
 * equal it; the result holds only verified values. The one implementation of the check: the
 * ledger's offline verifier (pinned keys) and the operations dashboard (the ledger's published
 * keys, then bound to the shard row) both call it.
 */
public final class ProofVerifier {

  private static final String SIGNED_HEADER = "the signed block header";
  private static final String SIGNED_HEAD = "the signed head header";
  private static final String ENTRY = "batch.entry";

  private final SignedHeaders headers;

  /** Blocks and heads must be signed by one of {@code keys} (by key id). */
  public ProofVerifier(Map<String, PublicKey> keys) {
    this.headers = new SignedHeaders(keys);
  }

  /**
   * What a proof file proved; every value comes from something signed or hashed.
   *
   * @param block the signed header of the block holding the leaf
   * @param head the signed head the block's log is a prefix of
   * @param leafHash the leaf hash, included in the block's batch and log
   * @param shard the leaf's shard (from the signed batch entry)
   * @param shardSeq the leaf's shard sequence (its position in the signed batch)
   * @param logIndex the leaf's position in the log
   * @param contents what the leaf bytes say; null for a hashes-only proof
   */
  public record Verified(
      BlockHeader block,
      BlockHeader head,
      Sha256Hash leafHash,
      int shard,
      long shardSeq,
      long logIndex,
      LeafContents contents) {}

  /** Verifies everything and returns what was verified. */
  public Verified verify(JsonNode json) throws ProofVerificationException {
    return verify(json, step -> {});
  }

  /**
   * Verifies everything and returns what was verified; {@code passed} hears each step as it
   * succeeds (for a report that shows how far a failing proof got).
   */
  public Verified verify(JsonNode json, Consumer<String> passed) throws ProofVerificationException {
    JsonInput proof = JsonInput.root(json);
    proof.requireEqual(
        "version",
        proof.number("version"),
        (long) ProofFormat.VERSION,
        "this verifier (the only proof format it reads)");
    JsonInput leafNode = proof.object("leaf");
    JsonInput batchNode = proof.object("batch");
    JsonInput blockNode = proof.object("block");
    JsonInput logNode = proof.object("log");
    JsonInput headNode = proof.object("head");

    BlockHeader header = headers.verify(blockNode, true);
    blockNode.requireEqual("height", blockNode.number("height"), header.height(), SIGNED_HEADER);
    blockNode.requireEqual("keyId", blockNode.text("keyId"), header.keyId(), SIGNED_HEADER);
    blockNode.requireEqual(
        "batchCount", blockNode.number("batchCount"), (long) header.batchCount(), SIGNED_HEADER);

    Sha256Hash leafHash = leafNode.hash("hash");
    long shard = leafNode.number("shard");
    long shardSeq = leafNode.number("shardSeq");
    LeafContents contents = contents(proof, leafNode, leafHash, shard, shardSeq);
    passed.accept(
        contents == null
            ? "leaf hash (hashes-only proof)"
            : "leaf hash = SHA-256 of the leaf bytes");

    BatchEntry entry = SignedHeaders.entry(batchNode, "entry");
    batchNode.requireEqual("root", batchNode.hash("root"), entry.root(), ENTRY);
    batchNode.requireEqual("size", batchNode.number("size"), entry.count(), ENTRY);
    leafNode.requireEqual("shard", shard, (long) entry.shard(), ENTRY);
    if (shardSeq < entry.firstSeq() || shardSeq > entry.lastSeq()) {
      throw new ProofVerificationException(
          "leaf.shardSeq "
              + shardSeq
              + " is outside batch "
              + entry.shard()
              + "/"
              + entry.batchSeq()
              + " ("
              + entry.firstSeq()
              + ".."
              + entry.lastSeq()
              + ")");
    }
    long indexInBatch = shardSeq - entry.firstSeq();
    batchNode.requireEqual(
        "leafIndex",
        batchNode.number("leafIndex"),
        indexInBatch,
        "leaf.shardSeq minus the first sequence of batch.entry");
    if (!MerkleVerifier.verifyInclusion(
        leafHash,
        new InclusionProof(indexInBatch, entry.count(), batchNode.hashes("path")),
        entry.root())) {
      throw new ProofVerificationException(
          "batch.path: the leaf does not verify against the root of"
              + " batch "
              + entry.shard()
              + "/"
              + entry.batchSeq());
    }
    passed.accept("in batch " + entry.shard() + "/" + entry.batchSeq());
    if (!MerkleVerifier.verifyInclusion(
        entry.leafHash(),
        new InclusionProof(
            blockNode.number("batchIndex"), header.batchCount(), blockNode.hashes("path")),
        header.batchRoot())) {
      throw new ProofVerificationException(
          "block.path: batch.entry at block.batchIndex does not"
              + " verify against the batch root of block "
              + header.height());
    }
    passed.accept("batch in block " + header.height() + " signed by " + header.keyId());

    long logIndex = logNode.number("leafIndex");
    logNode.requireEqual("treeSize", logNode.number("treeSize"), header.logSize(), SIGNED_HEADER);
    if (logIndex < header.firstLogIndex() || logIndex >= header.logSize()) {
      throw new ProofVerificationException(
          "log.leafIndex "
              + logIndex
              + " is outside the leaves"
              + " block "
              + header.height()
              + " appended ("
              + header.firstLogIndex()
              + ".."
              + (header.logSize() - 1)
              + ")");
    }
    if (!MerkleVerifier.verifyInclusion(
        leafHash,
        new InclusionProof(logIndex, header.logSize(), logNode.hashes("path")),
        header.logRoot())) {
      throw new ProofVerificationException(
          "log.path: the leaf at log.leafIndex "
              + logIndex
              + " does not verify against the log root of block "
              + header.height());
    }
    passed.accept("log index " + logIndex + " of block " + header.height());

    BlockHeader head = headers.verify(headNode, true);
    headNode.requireEqual("height", headNode.number("height"), head.height(), SIGNED_HEAD);
    if (head.height() < header.height()
        || (head.height() == header.height() && !head.equals(header))) {
      throw new ProofVerificationException(
          "head: signed head " + head.height() + " does not extend" + " block " + header.height());
    }
    if (!MerkleVerifier.verifyConsistency(
        new ConsistencyProof(header.logSize(), head.logSize(), headNode.hashes("consistencyPath")),
        header.logRoot(),
        head.logRoot())) {
      throw new ProofVerificationException(
          "head.consistencyPath: the log of block "
              + header.height()
              + " is not shown to be a prefix of the log of head "
              + head.height());
    }
    passed.accept("head " + head.height() + " extends block " + header.height());
    return new Verified(header, head, leafHash, entry.shard(), shardSeq, logIndex, contents);
  }

  /**
   * The leaf's contents when the proof includes its bytes (which must hash to the leaf hash and
   * name the claimed transaction and position), null for a hashes-only proof.
   */
  private static LeafContents contents(
      JsonInput proof, JsonInput leaf, Sha256Hash leafHash, long shard, long shardSeq)
      throws ProofVerificationException {
    String declared = proof.has("leafContents") ? proof.text("leafContents") : null;
    if (!leaf.has("bytes")) {
      if (!ProofFormat.WITHHELD.equals(declared)) {
        throw new ProofVerificationException(
            "leaf.bytes is missing, and leafContents does not say"
                + " \""
                + ProofFormat.WITHHELD
                + "\"");
      }
      if (leaf.has("decoded")) {
        throw new ProofVerificationException("leaf.decoded cannot be verified without leaf.bytes");
      }
      return null;
    }
    // Proofs from before hashes-only proofs existed have bytes and no leafContents.
    if (declared != null && !declared.equals(ProofFormat.INCLUDED)) {
      throw new ProofVerificationException(
          "leafContents is " + declared + " but leaf.bytes are there");
    }
    byte[] bytes = leaf.bytes("bytes");
    if (!MerkleHashing.leafHash(bytes).equals(leafHash)) {
      throw new ProofVerificationException("leaf.hash is not SHA-256(0x00 || leaf.bytes)");
    }
    LeafContents contents = LeafContents.decode(bytes, "leaf.bytes");
    proof.requireEqual(
        "transactionId", proof.text("transactionId"), contents.txId().toString(), "leaf.bytes");
    leaf.requireEqual("shard", shard, (long) contents.shard(), "leaf.bytes");
    leaf.requireEqual("shardSeq", shardSeq, contents.shardSeq(), "leaf.bytes");
    if (leaf.has("decoded")) {
      contents.requireRepeatedBy(leaf.object("decoded"));
    }
    return contents;
  }
}
