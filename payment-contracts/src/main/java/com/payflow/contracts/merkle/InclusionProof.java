package com.payflow.contracts.merkle;

import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the audit path from leaf {@code leafIndex} to the root of the
 * tree of {@code treeSize} leaves, ordered from the leaf level upwards.
 *
 * <p>Only structural invariants are enforced here (non-negative numbers, no null hashes). Whether
 * the index fits the size or the path has the right length is for {@link MerkleVerifier} to decide,
 * so that a proof decoded from an untrusted source can still be represented and then rejected with
 * {@code false} rather than an exception.
 *
 * <p>Sizes are {@code long} because RFC 9162 uses 64-bit tree sizes, so proofs from logs larger
 * than {@link Integer#MAX_VALUE} leaves can still be verified.
 *
 * @param leafIndex zero-based index of the proven leaf
 * @param treeSize number of leaves in the tree the proof is for
 * @param path sibling hashes from the leaf towards the root; copied, immutable
 */
public record InclusionProof(long leafIndex, long treeSize, List<Sha256Hash> path) {

  /** Validates the structural invariants and copies the path. */
  public InclusionProof {
    ProofPaths.requireNonNegative(leafIndex, "leafIndex");
    ProofPaths.requireNonNegative(treeSize, "treeSize");
    path = ProofPaths.immutableCopy(path);
  }
}
