package com.payflow.transaction.dashboard;

import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.proof.ProofVerificationException;
import com.payflow.contracts.proof.ProofVerifier;
import com.payflow.contracts.proof.UnknownKeyException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a transaction's inclusion proof (the JSON of ledger-service's {@code GET
 * /api/v1/transactions/{id}/proof}, docs/ledger.md) against the payment's own shard row. The proof
 * file is verified by the contracts' {@link ProofVerifier}, the same code as the offline {@code
 * ledger-service.jar verify} (every check, every repeated field), here with the ledger's published
 * keys: a status for operators, not the pinned-key verification. Then what it proved is bound to
 * the row: the proven leaf is the row's canonical encoding (its recomputed leaf hash, and the
 * stored {@code leaf_hash} when there is one) at the row's shard position — for a full proof and
 * for a hashes-only one alike, so what is proven is the row as it is now.
 */
final class ProofStatus {

  /**
   * The verdict: {@code verified} or {@code invalid} with the first failed check; {@code
   * unknownKey} when a header is signed by a key not among those given (fetch again).
   */
  record Result(
      String status,
      List<String> passed,
      String failure,
      long blockHeight,
      long headHeight,
      String keyId,
      boolean unknownKey) {}

  private ProofStatus() {}

  /**
   * Verifies {@code proof} for the shard row whose ledger fields are {@code row} and whose stored
   * leaf hash is {@code rowLeafHash} (null when none is stored), with {@code keys} by key id.
   */
  static Result check(
      JsonNode proof, SealedTransaction row, byte[] rowLeafHash, Map<String, PublicKey> keys) {
    List<String> passed = new ArrayList<>();
    try {
      ProofVerifier.Verified verified = new ProofVerifier(keys).verify(proof, passed::add);
      bindToRow(proof, verified, row, rowLeafHash);
      passed.add(
          verified.contents() == null
              ? "leaf hash = shard row's (hashes-only proof)"
              : "leaf = shard row");
      return new Result(
          "verified",
          passed,
          null,
          verified.block().height(),
          verified.head().height(),
          verified.block().keyId(),
          false);
    } catch (ProofVerificationException | IllegalArgumentException broken) {
      // Heights as the file claims them, for the operator's orientation only.
      return new Result(
          "invalid",
          passed,
          broken.getMessage(),
          proof.path("block").path("height").asLong(),
          proof.path("head").path("height").asLong(),
          null,
          broken instanceof UnknownKeyException);
    }
  }

  private static void bindToRow(
      JsonNode proof, ProofVerifier.Verified verified, SealedTransaction row, byte[] rowLeafHash)
      throws ProofVerificationException {
    Sha256Hash rowLeaf = MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(row));
    require(
        verified.leafHash().equals(rowLeaf),
        "the proven leaf hash differs from the shard"
            + " row's recomputed leaf hash (SHA-256(0x00 || canonical encoding)): the row is not"
            + " what was anchored");
    require(
        rowLeafHash == null || Arrays.equals(rowLeaf.bytes(), rowLeafHash),
        "the shard row's stored leaf_hash differs from its recomputed one");
    require(
        verified.shard() == row.shard() && verified.shardSeq() == row.shardSeq(),
        "the proof is for shard "
            + verified.shard()
            + " sequence "
            + verified.shardSeq()
            + ", the shard row is shard "
            + row.shard()
            + " sequence "
            + row.shardSeq());
    // A full proof's transactionId was checked against the leaf bytes; a hashes-only proof's is
    // bound by the leaf hash above, and must not name another payment either.
    require(
        row.txId().toString().equals(proof.path("transactionId").asString("")),
        "transactionId " + proof.path("transactionId") + " is not the shard row's " + row.txId());
  }

  private static void require(boolean condition, String failure) throws ProofVerificationException {
    if (!condition) {
      throw new ProofVerificationException(failure);
    }
  }
}
