package com.payflow.contracts.merkle;

import java.util.List;

/**
 * An RFC 9162 §2.1.4 consistency proof that the tree of {@code oldSize} leaves is a prefix of the
 * tree of {@code newSize} leaves.
 *
 * <p>As with {@link InclusionProof}, only structural invariants are enforced here; the ordering of
 * the sizes and the path length are checked by {@link MerkleVerifier}, which answers {@code false}
 * instead of throwing for proofs from untrusted sources.
 *
 * @param oldSize number of leaves in the earlier tree
 * @param newSize number of leaves in the later tree
 * @param path the RFC 6962 §2.1.2 PROOF(oldSize, D[newSize]) node hashes; copied, immutable
 */
public record ConsistencyProof(long oldSize, long newSize, List<Sha256Hash> path) {

  /** Validates the structural invariants and copies the path. */
  public ConsistencyProof {
    ProofPaths.requireNonNegative(oldSize, "oldSize");
    ProofPaths.requireNonNegative(newSize, "newSize");
    path = ProofPaths.immutableCopy(path);
  }
}
