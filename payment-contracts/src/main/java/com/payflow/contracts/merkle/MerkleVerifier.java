package com.payflow.contracts.merkle;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies RFC 9162 inclusion and consistency proofs.
 *
 * <p>Proofs are untrusted input: a malformed, truncated, padded or tampered proof yields {@code
 * false} (or an empty {@link Optional}), never an exception. Only null arguments throw, as they are
 * programming errors rather than bad data.
 *
 * <p>Neither kind of proof binds the tree sizes by itself: e.g. the proof for leaf 0 of a 3-leaf
 * tree also verifies as a proof for leaf 0 of a 4-leaf tree against the same root, because the hash
 * computations are identical. Sizes must therefore come from, or be checked against, the same
 * trusted (signed) tree head as the root.
 */
public final class MerkleVerifier {

  private MerkleVerifier() {}

  /**
   * Returns true iff {@code proof} shows that {@code leafHash} is the leaf at {@code
   * proof.leafIndex()} of the tree of {@code proof.treeSize()} leaves whose root is {@code
   * expectedRoot} (RFC 9162 §2.1.3.2).
   */
  public static boolean verifyInclusion(
      Sha256Hash leafHash, InclusionProof proof, Sha256Hash expectedRoot) {
    Objects.requireNonNull(expectedRoot, "expectedRoot must not be null");
    return rootFromInclusion(leafHash, proof).map(expectedRoot::equals).orElse(false);
  }

  /**
   * Returns the root implied by {@code leafHash} and {@code proof}, or empty if the proof is
   * structurally invalid (index out of range, path too short or too long).
   *
   * <p>This is RFC 9162 §2.1.3.2 up to, but excluding, the final comparison with the root.
   */
  public static Optional<Sha256Hash> rootFromInclusion(Sha256Hash leafHash, InclusionProof proof) {
    Objects.requireNonNull(leafHash, "leafHash must not be null");
    Objects.requireNonNull(proof, "proof must not be null");
    // Step 1: the index must lie inside the tree.
    if (proof.leafIndex() >= proof.treeSize()) {
      return Optional.empty();
    }
    // Steps 2 and 3.
    long fn = proof.leafIndex();
    long sn = proof.treeSize() - 1;
    Sha256Hash r = leafHash;
    MessageDigest digest = MerkleHashing.newDigest();
    // Step 4. sn halves on every element, so an over-long path from an attacker is rejected by
    // step 4a after at most 64 elements, whatever its length.
    for (Sha256Hash p : proof.path()) {
      // Step 4a: the path is longer than the tree is tall.
      if (sn == 0) {
        return Optional.empty();
      }
      // Step 4b.
      if (isOdd(fn) || fn == sn) {
        r = MerkleHashing.nodeHash(digest, p, r);
        // Skip the levels where this node was a lone right-edge child and had no sibling.
        while (!isOdd(fn) && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = MerkleHashing.nodeHash(digest, r, p);
      }
      // Step 4c.
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 5, structural half: sn must have reached 0, i.e. the path was not too short.
    return sn == 0 ? Optional.of(r) : Optional.empty();
  }

  /**
   * Returns true iff {@code proof} shows that the tree of {@code proof.oldSize()} leaves with root
   * {@code oldRoot} is a prefix of the tree of {@code proof.newSize()} leaves with root {@code
   * newRoot}.
   *
   * <p>For {@code 0 < oldSize < newSize} this is RFC 9162 §2.1.4.2 verbatim. The RFC defines
   * nothing outside that range, so the edge cases follow RFC 6962 §2.1.2 and the transparency-dev
   * reference verifier: {@code oldSize > newSize} fails; {@code oldSize == newSize} needs an empty
   * path and equal roots; {@code oldSize == 0} needs an empty path, and additionally (stricter than
   * the reference) {@code oldRoot} must be MTH({}), the only root an empty tree can have.
   */
  public static boolean verifyConsistency(
      ConsistencyProof proof, Sha256Hash oldRoot, Sha256Hash newRoot) {
    Objects.requireNonNull(proof, "proof must not be null");
    Objects.requireNonNull(oldRoot, "oldRoot must not be null");
    Objects.requireNonNull(newRoot, "newRoot must not be null");
    long first = proof.oldSize();
    long second = proof.newSize();
    List<Sha256Hash> path = proof.path();
    if (first > second) {
      return false;
    }
    if (first == 0) {
      Sha256Hash empty = MerkleHashing.emptyRoot();
      return path.isEmpty() && oldRoot.equals(empty) && (second != 0 || newRoot.equals(empty));
    }
    if (first == second) {
      return path.isEmpty() && oldRoot.equals(newRoot);
    }
    return verifyConsistencyRfc9162(first, second, path, oldRoot, newRoot);
  }

  /** RFC 9162 §2.1.4.2 for {@code 0 < first < second}; step numbers refer to the RFC. */
  private static boolean verifyConsistencyRfc9162(
      long first, long second, List<Sha256Hash> path, Sha256Hash firstHash, Sha256Hash secondHash) {
    // Step 1.
    if (path.isEmpty()) {
      return false;
    }
    // Step 2: "prepend first_hash" when first is a power of two. Rather than copy the list, treat
    // first_hash as element 0 and start reading the real path one position earlier.
    boolean prependFirstHash = TreeMath.isPowerOfTwo(first);
    Sha256Hash seed = prependFirstHash ? firstHash : path.get(0);
    int nextIndex = prependFirstHash ? 0 : 1;
    // Step 3.
    long fn = first - 1;
    long sn = second - 1;
    // Step 4.
    while (isOdd(fn)) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 5.
    Sha256Hash fr = seed;
    Sha256Hash sr = seed;
    MessageDigest digest = MerkleHashing.newDigest();
    // Step 6: the same halving argument as for inclusion bounds the work on hostile input.
    for (int i = nextIndex; i < path.size(); i++) {
      Sha256Hash c = path.get(i);
      // Step 6a.
      if (sn == 0) {
        return false;
      }
      // Step 6b.
      if (isOdd(fn) || fn == sn) {
        fr = MerkleHashing.nodeHash(digest, c, fr);
        sr = MerkleHashing.nodeHash(digest, c, sr);
        while (!isOdd(fn) && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleHashing.nodeHash(digest, sr, c);
      }
      // Step 6c.
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 7.
    return sn == 0 && fr.equals(firstHash) && sr.equals(secondHash);
  }

  private static boolean isOdd(long value) {
    return (value & 1) != 0;
  }
}
