package com.payflow.contracts.proof;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.merkle.Sha256Hash;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;

/**
 * Header, signature and batch entry checks shared by proof, export and consistency files (the
 * ledger's offline verifier and the operations dashboard).
 */
public final class SignedHeaders {

  private static final long MICROS_PER_SECOND = 1_000_000;
  private static final long NANOS_PER_MICRO = 1_000;

  private final Map<String, PublicKey> pinnedKeys;

  /** Headers must be signed by one of {@code pinnedKeys} (by key id). */
  public SignedHeaders(Map<String, PublicKey> pinnedKeys) {
    this.pinnedKeys = Map.copyOf(pinnedKeys);
  }

  /**
   * The header of {@code block} ({@code header}, {@code signature} and, when {@code hashRequired}
   * or present, {@code hash}): decoded strictly, hashed, and signed by a pinned key. Every decoded
   * field the object repeats ({@code height}, {@code keyId}, …, as in the API's block JSON) must
   * equal the signed one.
   */
  public BlockHeader verify(JsonInput block, boolean hashRequired)
      throws ProofVerificationException {
    byte[] bytes = block.bytes("header");
    BlockHeader header;
    try {
      header = BlockHeaderEncoding.decode(bytes);
    } catch (IllegalArgumentException malformed) {
      throw new ProofVerificationException(
          block.path("header") + " is malformed: " + malformed.getMessage());
    }
    Sha256Hash hash = BlockHeaderEncoding.blockHash(bytes);
    if ((hashRequired || block.has("hash")) && !block.hash("hash").equals(hash)) {
      throw new ProofVerificationException(
          block.path("hash") + " is not SHA-256 of " + block.path("header"));
    }
    PublicKey key = pinnedKeys.get(header.keyId());
    if (key == null) {
      throw new UnknownKeyException(
          block.path("header")
              + " is signed by key "
              + header.keyId()
              + ", which is not pinned (pinned: "
              + pinnedKeys.keySet()
              + ")");
    }
    if (!ChainSignatures.verify(key, bytes, block.bytes("signature"))) {
      throw new ProofVerificationException(
          block.path("signature")
              + ": the Ed25519 signature of block "
              + header.height()
              + " does not verify with "
              + header.keyId());
    }
    requireRepeatedFields(block, header);
    return header;
  }

  /** The decoded-header fields of the API's block JSON that {@code block} carries. */
  private static void requireRepeatedFields(JsonInput block, BlockHeader header)
      throws ProofVerificationException {
    String signed = "the signed header";
    if (block.has("height")) {
      block.requireEqual("height", block.number("height"), header.height(), signed);
    }
    if (block.has("keyId")) {
      block.requireEqual("keyId", block.text("keyId"), header.keyId(), signed);
    }
    if (block.has("batchCount")) {
      block.requireEqual(
          "batchCount", block.number("batchCount"), (long) header.batchCount(), signed);
    }
    if (block.has("txCount")) {
      block.requireEqual("txCount", block.number("txCount"), (long) header.txCount(), signed);
    }
    if (block.has("logSize")) {
      block.requireEqual("logSize", block.number("logSize"), header.logSize(), signed);
    }
    if (block.has("timestampMicros")) {
      block.requireEqual(
          "timestampMicros", block.number("timestampMicros"), header.timestampMicros(), signed);
    }
    if (block.has("timestamp")) {
      block.requireEqual(
          "timestamp",
          block.text("timestamp"),
          Instant.ofEpochSecond(
                  header.timestampMicros() / MICROS_PER_SECOND,
                  header.timestampMicros() % MICROS_PER_SECOND * NANOS_PER_MICRO)
              .toString(),
          signed);
    }
    if (block.has("previousHash")) {
      block.requireEqual("previousHash", block.hash("previousHash"), header.previousHash(), signed);
    }
    if (block.has("batchRoot")) {
      block.requireEqual("batchRoot", block.hash("batchRoot"), header.batchRoot(), signed);
    }
    if (block.has("logRoot")) {
      block.requireEqual("logRoot", block.hash("logRoot"), header.logRoot(), signed);
    }
  }

  /** The canonical BatchEntry bytes of {@code field}. */
  public static BatchEntry entry(JsonInput node, String field) throws ProofVerificationException {
    try {
      return BatchEntry.decode(node.bytes(field));
    } catch (IllegalArgumentException invalid) {
      throw new ProofVerificationException(
          node.path(field) + " is not a BatchEntry: " + invalid.getMessage());
    }
  }
}
