package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Compares {@link MerkleTree} and {@link MerkleVerifier} with the naive RFC 6962 oracle. */
class MerklePropertyTest {

  private static final int MAX_EXHAUSTIVE_SIZE = 300;
  private static final int MAX_PROOF_TREE_SIZE = 200;
  private static final int MAX_NEGATIVE_TREE_SIZE = 100;
  private static final int MAX_PREFIX_TREE_SIZE = 130;

  /** An old tree size and a new one, {@code 0 <= oldSize <= newSize}. */
  record Sizes(int oldSize, int newSize) {}

  @Provide
  Arbitrary<Sizes> sizes() {
    return Arbitraries.integers()
        .between(0, MAX_PROOF_TREE_SIZE)
        .flatMap(n -> Arbitraries.integers().between(0, n).map(m -> new Sizes(m, n)));
  }

  @Provide
  Arbitrary<Sizes> properSizes() {
    return Arbitraries.integers()
        .between(2, MAX_PROOF_TREE_SIZE)
        .flatMap(n -> Arbitraries.integers().between(1, n - 1).map(m -> new Sizes(m, n)));
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void rootMatchesTheReferenceForEverySizeUpTo300(
      @ForAll @IntRange(min = 0, max = MAX_EXHAUSTIVE_SIZE) int size) {
    List<Sha256Hash> leaves = TestLeaves.random(size, size);
    Sha256Hash expected = ReferenceMerkleTree.mth(leaves);

    assertThat(MerkleTree.of(leaves).root()).isEqualTo(expected);
    assertThat(MerkleTree.rootOf(leaves)).isEqualTo(expected);
  }

  @Property(tries = 40)
  void rootAtMatchesTheReferenceForEveryPrefix(
      @ForAll @IntRange(min = 0, max = MAX_PREFIX_TREE_SIZE) int size, @ForAll long seed) {
    List<Sha256Hash> leaves = TestLeaves.random(size, seed);
    MerkleTree tree = MerkleTree.of(leaves);

    for (int prefix = 0; prefix <= size; prefix++) {
      assertThat(tree.rootAt(prefix))
          .as("root at %d of %d", prefix, size)
          .isEqualTo(ReferenceMerkleTree.mth(leaves.subList(0, prefix)));
    }
  }

  @Property(tries = 60)
  void everyInclusionProofMatchesTheReferenceAndVerifies(
      @ForAll @IntRange(min = 1, max = MAX_PROOF_TREE_SIZE) int size, @ForAll long seed) {
    List<Sha256Hash> leaves = TestLeaves.random(size, seed);
    MerkleTree tree = MerkleTree.of(leaves);

    for (int index = 0; index < size; index++) {
      InclusionProof proof = tree.inclusionProof(index);

      assertThat(proof.path()).isEqualTo(ReferenceMerkleTree.path(index, leaves));
      assertThat(MerkleVerifier.verifyInclusion(leaves.get(index), proof, tree.root()))
          .as("leaf %d of %d", index, size)
          .isTrue();
    }
  }

  @Property(tries = 300)
  void consistencyProofMatchesTheReferenceAndVerifies(
      @ForAll("sizes") Sizes sizes, @ForAll long seed) {
    List<Sha256Hash> leaves = TestLeaves.random(sizes.newSize(), seed);
    MerkleTree tree = MerkleTree.of(leaves);
    Sha256Hash oldRoot = ReferenceMerkleTree.mth(leaves.subList(0, sizes.oldSize()));

    ConsistencyProof proof = tree.consistencyProof(sizes.oldSize());

    assertThat(proof.path()).isEqualTo(ReferenceMerkleTree.proof(sizes.oldSize(), leaves));
    assertThat(MerkleVerifier.verifyConsistency(proof, oldRoot, tree.root())).isTrue();
  }

  @Property(tries = 300)
  void inclusionProofFailsForAnyOtherIndexLeafOrRoot(
      @ForAll @IntRange(min = 2, max = MAX_NEGATIVE_TREE_SIZE) int size,
      @ForAll @IntRange(min = 0, max = MAX_NEGATIVE_TREE_SIZE - 1) int rawIndex,
      @ForAll @IntRange(min = 0, max = MAX_NEGATIVE_TREE_SIZE - 1) int rawOtherIndex,
      @ForAll long seed) {
    int index = rawIndex % size;
    int otherIndex = rawOtherIndex % size;
    Assume.that(index != otherIndex);
    List<Sha256Hash> leaves = TestLeaves.random(size, seed);
    MerkleTree tree = MerkleTree.of(leaves);
    InclusionProof proof = tree.inclusionProof(index);
    Sha256Hash leaf = leaves.get(index);

    InclusionProof wrongIndex = new InclusionProof(otherIndex, size, proof.path());
    assertThat(MerkleVerifier.verifyInclusion(leaf, wrongIndex, tree.root())).isFalse();
    assertThat(MerkleVerifier.verifyInclusion(leaves.get(otherIndex), proof, tree.root()))
        .isFalse();
    assertThat(MerkleVerifier.verifyInclusion(leaf, proof, tree.rootAt(size - 1))).isFalse();
    assertThat(MerkleVerifier.verifyInclusion(leaf, proof, MerkleHashing.emptyRoot())).isFalse();
  }

  @Property(tries = 300)
  void inclusionProofFailsForDoubledOrHalvedTreeSize(
      @ForAll @IntRange(min = 1, max = MAX_NEGATIVE_TREE_SIZE) int size,
      @ForAll @IntRange(min = 0, max = MAX_NEGATIVE_TREE_SIZE - 1) int rawIndex,
      @ForAll long seed) {
    int index = rawIndex % size;
    List<Sha256Hash> leaves = TestLeaves.random(size, seed);
    MerkleTree tree = MerkleTree.of(leaves);
    InclusionProof proof = tree.inclusionProof(index);

    for (long wrongSize : new long[] {size * 2L, size / 2L}) {
      InclusionProof resized = new InclusionProof(index, wrongSize, proof.path());
      assertThat(MerkleVerifier.verifyInclusion(leaves.get(index), resized, tree.root()))
          .as("leaf %d of %d claimed as size %d", index, size, wrongSize)
          .isFalse();
    }
  }

  @Property(tries = 300)
  void consistencyProofFailsForWrongRoots(@ForAll("properSizes") Sizes sizes, @ForAll long seed) {
    int m = sizes.oldSize();
    int n = sizes.newSize();
    MerkleTree tree = MerkleTree.of(TestLeaves.random(n, seed));
    ConsistencyProof proof = tree.consistencyProof(m);
    Sha256Hash oldRoot = tree.rootAt(m);
    Sha256Hash newRoot = tree.root();

    assertThat(MerkleVerifier.verifyConsistency(proof, oldRoot, newRoot)).isTrue();
    assertThat(MerkleVerifier.verifyConsistency(proof, tree.rootAt(m - 1), newRoot)).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(proof, tree.rootAt(m + 1), newRoot)).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(proof, oldRoot, tree.rootAt(n - 1))).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(proof, newRoot, oldRoot)).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(proof, oldRoot, oldRoot)).isFalse();
  }

  @Property(tries = 300)
  void consistencyProofFailsForTheReferenceVerifiersSizeProbes(
      @ForAll("properSizes") Sizes sizes, @ForAll long seed) {
    int m = sizes.oldSize();
    int n = sizes.newSize();
    MerkleTree tree = MerkleTree.of(TestLeaves.random(n, seed));
    List<Sha256Hash> path = tree.consistencyProof(m).path();
    Sha256Hash oldRoot = tree.rootAt(m);
    Sha256Hash newRoot = tree.root();

    // The probes transparency-dev/merkle applies to its vectors, here on random trees.
    long[][] wrongSizes = {{m - 1, n}, {m + 1, n}, {m ^ 2, n}, {m, n * 2L}, {m, n / 2}};
    for (long[] wrong : wrongSizes) {
      ConsistencyProof probe = new ConsistencyProof(wrong[0], wrong[1], path);
      assertThat(MerkleVerifier.verifyConsistency(probe, oldRoot, newRoot))
          .as("proof %d -> %d claimed as %d -> %d", m, n, wrong[0], wrong[1])
          .isFalse();
    }
  }
}
