package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every single-bit change to a leaf hash, a path element or a root, and every added or removed path
 * element, must make verification fail, for every proof of every small tree.
 */
class ProofTamperingTest {

  private static final int MAX_TREE_SIZE = 16;
  private static final int BITS_PER_HASH = Sha256Hash.LENGTH * Byte.SIZE;
  private static final long SEED = 6962L;
  private static final Sha256Hash FOREIGN_HASH = MerkleHashing.leafHash(new byte[] {0x7f});

  @Test
  void goldenVectorTreeRejectsEveryTamperedProof() {
    List<String> accepted = new ArrayList<>();
    for (int size = 1; size <= Rfc6962Vectors.ROOTS.size(); size++) {
      collectAcceptedTampering(Rfc6962Vectors.hashedLeaves(size), accepted);
    }

    assertThat(accepted).isEmpty();
  }

  @Test
  void randomTreesRejectEveryTamperedProof() {
    List<String> accepted = new ArrayList<>();
    for (int size = 1; size <= MAX_TREE_SIZE; size++) {
      collectAcceptedTampering(TestLeaves.random(size, SEED + size), accepted);
    }

    assertThat(accepted).isEmpty();
  }

  /** Adds a description of every tampered proof that verified to {@code accepted}. */
  private static void collectAcceptedTampering(List<Sha256Hash> leaves, List<String> accepted) {
    MerkleTree tree = MerkleTree.of(leaves);
    for (int index = 0; index < tree.size(); index++) {
      collectAcceptedInclusionTampering(tree, index, accepted);
    }
    for (int oldSize = 1; oldSize < tree.size(); oldSize++) {
      collectAcceptedConsistencyTampering(tree, oldSize, accepted);
    }
  }

  private static void collectAcceptedInclusionTampering(
      MerkleTree tree, int index, List<String> accepted) {
    String where = "inclusion " + index + "/" + tree.size() + ": ";
    InclusionProof proof = tree.inclusionProof(index);
    Sha256Hash leaf = tree.leafHash(index);
    Sha256Hash root = tree.root();
    if (!MerkleVerifier.verifyInclusion(leaf, proof, root)) {
      accepted.add(where + "the untampered proof was rejected");
      return;
    }
    for (int bit = 0; bit < BITS_PER_HASH; bit++) {
      if (MerkleVerifier.verifyInclusion(TestLeaves.flipBit(leaf, bit), proof, root)) {
        accepted.add(where + "leaf bit " + bit);
      }
      if (MerkleVerifier.verifyInclusion(leaf, proof, TestLeaves.flipBit(root, bit))) {
        accepted.add(where + "root bit " + bit);
      }
      for (int element = 0; element < proof.path().size(); element++) {
        List<Sha256Hash> path = withFlippedBit(proof.path(), element, bit);
        if (MerkleVerifier.verifyInclusion(
            leaf, new InclusionProof(index, tree.size(), path), root)) {
          accepted.add(where + "path[" + element + "] bit " + bit);
        }
      }
    }
    for (PathEdit edit : pathEdits(proof.path(), root)) {
      InclusionProof edited = new InclusionProof(index, tree.size(), edit.path());
      if (MerkleVerifier.verifyInclusion(leaf, edited, root)) {
        accepted.add(where + edit.description());
      }
    }
  }

  private static void collectAcceptedConsistencyTampering(
      MerkleTree tree, int oldSize, List<String> accepted) {
    String where = "consistency " + oldSize + "->" + tree.size() + ": ";
    ConsistencyProof proof = tree.consistencyProof(oldSize);
    Sha256Hash oldRoot = tree.rootAt(oldSize);
    Sha256Hash newRoot = tree.root();
    Function<List<Sha256Hash>, ConsistencyProof> withPath =
        path -> new ConsistencyProof(oldSize, tree.size(), path);
    if (!MerkleVerifier.verifyConsistency(proof, oldRoot, newRoot)) {
      accepted.add(where + "the untampered proof was rejected");
      return;
    }
    for (int bit = 0; bit < BITS_PER_HASH; bit++) {
      if (MerkleVerifier.verifyConsistency(proof, TestLeaves.flipBit(oldRoot, bit), newRoot)) {
        accepted.add(where + "old root bit " + bit);
      }
      if (MerkleVerifier.verifyConsistency(proof, oldRoot, TestLeaves.flipBit(newRoot, bit))) {
        accepted.add(where + "new root bit " + bit);
      }
      for (int element = 0; element < proof.path().size(); element++) {
        ConsistencyProof tampered = withPath.apply(withFlippedBit(proof.path(), element, bit));
        if (MerkleVerifier.verifyConsistency(tampered, oldRoot, newRoot)) {
          accepted.add(where + "path[" + element + "] bit " + bit);
        }
      }
    }
    List<PathEdit> edits = new ArrayList<>(pathEdits(proof.path(), newRoot));
    edits.add(new PathEdit("preceding old root", prepend(proof.path(), oldRoot)));
    edits.add(new PathEdit("trailing old root", append(proof.path(), oldRoot)));
    for (PathEdit edit : edits) {
      if (MerkleVerifier.verifyConsistency(withPath.apply(edit.path()), oldRoot, newRoot)) {
        accepted.add(where + edit.description());
      }
    }
  }

  /** A path with one element added, removed or replaced, and what was done to it. */
  private record PathEdit(String description, List<Sha256Hash> path) {}

  private static List<PathEdit> pathEdits(List<Sha256Hash> path, Sha256Hash root) {
    List<PathEdit> edits = new ArrayList<>();
    edits.add(new PathEdit("trailing foreign hash", append(path, FOREIGN_HASH)));
    edits.add(new PathEdit("trailing root", append(path, root)));
    edits.add(new PathEdit("preceding foreign hash", prepend(path, FOREIGN_HASH)));
    edits.add(new PathEdit("preceding root", prepend(path, root)));
    if (!path.isEmpty()) {
      edits.add(new PathEdit("trailing duplicate", append(path, path.getLast())));
      edits.add(new PathEdit("preceding duplicate", prepend(path, path.getFirst())));
      edits.add(new PathEdit("last element removed", path.subList(0, path.size() - 1)));
      edits.add(new PathEdit("first element removed", path.subList(1, path.size())));
    }
    if (path.size() > 1) {
      List<Sha256Hash> inserted = new ArrayList<>(path);
      inserted.add(1, FOREIGN_HASH);
      edits.add(new PathEdit("inserted element", inserted));
      List<Sha256Hash> swapped = new ArrayList<>(path);
      swapped.set(0, path.get(1));
      swapped.set(1, path.get(0));
      if (!swapped.equals(path)) {
        edits.add(new PathEdit("first two elements swapped", swapped));
      }
    }
    return edits;
  }

  private static List<Sha256Hash> withFlippedBit(List<Sha256Hash> path, int element, int bit) {
    List<Sha256Hash> copy = new ArrayList<>(path);
    copy.set(element, TestLeaves.flipBit(path.get(element), bit));
    return copy;
  }

  private static List<Sha256Hash> append(List<Sha256Hash> path, Sha256Hash hash) {
    List<Sha256Hash> copy = new ArrayList<>(path);
    copy.add(hash);
    return copy;
  }

  private static List<Sha256Hash> prepend(List<Sha256Hash> path, Sha256Hash hash) {
    List<Sha256Hash> copy = new ArrayList<>(path);
    copy.addFirst(hash);
    return copy;
  }
}
