package com.payflow.ledger.verifier;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.merkle.ConsistencyProof;
import com.payflow.contracts.merkle.InclusionProof;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.Sha256Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Verifies one transaction proof file (the JSON of {@code GET .../proof}). */
final class ProofCheck {

  /** Offset of the shard field in CanonicalTransactionEncoding v1: version byte + 16-byte id. */
  private static final int SHARD_OFFSET = 1 + 16;

  private final SignedHeaders headers;

  ProofCheck(SignedHeaders headers) {
    this.headers = headers;
  }

  /** Verifies everything; returns the signed head the proof carries. */
  BlockHeader verify(JsonNode proof) throws VerificationFailed {
    JsonNode leafNode = required(proof, "leaf");
    JsonNode batchNode = required(proof, "batch");
    JsonNode blockNode = required(proof, "block");
    JsonNode logNode = required(proof, "log");
    JsonNode headNode = required(proof, "head");
    String txId = text(proof, "transactionId");
    BlockHeader header = headers.verify(text(blockNode, "header"), text(blockNode, "signature"),
        text(blockNode, "hash"), "block " + blockNode.path("height").asLong());

    byte[] leafBytes = SignedHeaders.hex(text(leafNode, "bytes"), "leaf bytes");
    Sha256Hash leafHash = MerkleHashing.leafHash(leafBytes);
    if (!leafHash.hex().equals(text(leafNode, "hash"))) {
      throw new VerificationFailed("leaf hash is not SHA-256(0x00 || leaf bytes)");
    }
    ByteBuffer leaf = ByteBuffer.wrap(leafBytes);
    if (leafBytes.length < SHARD_OFFSET + Integer.BYTES + Long.BYTES || leaf.get() != 1) {
      throw new VerificationFailed("leaf bytes are not CanonicalTransactionEncoding v1");
    }
    UUID id = new UUID(leaf.getLong(), leaf.getLong());
    int shard = leaf.getInt();
    long shardSeq = leaf.getLong();
    if (!id.toString().equals(txId)) {
      throw new VerificationFailed("leaf bytes are of transaction " + id + ", not " + txId);
    }

    BatchEntry entry = SignedHeaders.entry(text(batchNode, "entry"));
    long indexInBatch = shardSeq - entry.firstSeq();
    if (entry.shard() != shard || shardSeq < entry.firstSeq() || shardSeq > entry.lastSeq()
        || batchNode.path("leafIndex").asLong() != indexInBatch) {
      throw new VerificationFailed("transaction " + shard + "/" + shardSeq + " is not at"
          + " the claimed position of batch " + entry.shard() + "/" + entry.batchSeq());
    }
    if (!MerkleVerifier.verifyInclusion(leafHash,
        new InclusionProof(indexInBatch, entry.count(), path(batchNode, "path")),
        entry.root())) {
      throw new VerificationFailed("leaf does not verify against batch root " + entry.shard()
          + "/" + entry.batchSeq());
    }
    if (!MerkleVerifier.verifyInclusion(entry.leafHash(),
        new InclusionProof(blockNode.path("batchIndex").asLong(), header.batchCount(),
            path(blockNode, "path")), header.batchRoot())) {
      throw new VerificationFailed("batch entry does not verify against the batch root of"
          + " block " + header.height());
    }
    long logIndex = logNode.path("leafIndex").asLong();
    if (logIndex < header.firstLogIndex() || logIndex >= header.logSize()
        || !MerkleVerifier.verifyInclusion(leafHash,
            new InclusionProof(logIndex, header.logSize(), path(logNode, "path")),
            header.logRoot())) {
      throw new VerificationFailed("leaf does not verify against the log root of block "
          + header.height());
    }

    BlockHeader head = headers.verify(text(headNode, "header"), text(headNode, "signature"),
        text(headNode, "hash"), "head " + headNode.path("height").asLong());
    if (head.height() < header.height() || (head.height() == header.height()
        && !head.equals(header))) {
      throw new VerificationFailed("head " + head.height() + " does not extend block "
          + header.height());
    }
    if (!MerkleVerifier.verifyConsistency(new ConsistencyProof(header.logSize(),
        head.logSize(), path(headNode, "consistencyPath")), header.logRoot(), head.logRoot())) {
      throw new VerificationFailed("the log of block " + header.height() + " is not a prefix"
          + " of the log of head " + head.height());
    }
    return head;
  }

  static List<Sha256Hash> path(JsonNode node, String field) throws VerificationFailed {
    JsonNode array = node.get(field);
    if (array == null || !array.isArray()) {
      throw new VerificationFailed(field + " must be an array of hex hashes");
    }
    List<Sha256Hash> path = new ArrayList<>();
    for (JsonNode element : array) {
      path.add(SignedHeaders.hash(element.asString(), field + " element"));
    }
    return path;
  }

  static JsonNode required(JsonNode node, String field) throws VerificationFailed {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new VerificationFailed("field " + field + " is missing");
    }
    return value;
  }

  static String text(JsonNode node, String field) throws VerificationFailed {
    return required(node, field).asString();
  }
}
