package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Edge rules of the verifiers, mostly adapted from transparency-dev/merkle's verifier tests. */
class MerkleVerifierTest {

  private static final Sha256Hash EMPTY = MerkleHashing.emptyRoot();
  private static final Sha256Hash SOME_HASH =
      Sha256Hash.fromHex("abacaba000000000000000000000000000000000000000000060061e00123456");
  private static final Sha256Hash OTHER_HASH = MerkleHashing.leafHash(new byte[] {1});
  private static final int HOSTILE_PATH_LENGTH = 100_000;

  @ParameterizedTest(name = "index {0}, size {1}")
  @CsvSource({"0, 0", "1, 0", "1, 1", "2, 1", "5, 5"})
  void inclusionFailsWhenTheIndexIsNotInsideTheTree(long leafIndex, long treeSize) {
    InclusionProof proof = new InclusionProof(leafIndex, treeSize, List.of());

    assertThat(MerkleVerifier.verifyInclusion(SOME_HASH, proof, SOME_HASH)).isFalse();
    assertThat(MerkleVerifier.verifyInclusion(SOME_HASH, proof, EMPTY)).isFalse();
    assertThat(MerkleVerifier.rootFromInclusion(SOME_HASH, proof)).isEmpty();
  }

  @Test
  void singleLeafTreeNeedsAnEmptyPathAndTheLeafAsRoot() {
    Sha256Hash leaf = MerkleHashing.leafHash("data".getBytes(StandardCharsets.UTF_8));
    InclusionProof proof = new InclusionProof(0, 1, List.of());

    assertThat(MerkleVerifier.verifyInclusion(leaf, proof, leaf)).isTrue();
    assertThat(MerkleVerifier.verifyInclusion(leaf, proof, SOME_HASH)).isFalse();
    assertThat(MerkleVerifier.verifyInclusion(SOME_HASH, proof, leaf)).isFalse();
    assertThat(MerkleVerifier.verifyInclusion(leaf, new InclusionProof(0, 1, List.of(leaf)), leaf))
        .isFalse();
  }

  @Test
  void rootFromInclusionReturnsTheImpliedRoot() {
    MerkleTree tree = MerkleTree.of(TestLeaves.sequential(7));

    assertThat(MerkleVerifier.rootFromInclusion(tree.leafHash(3), tree.inclusionProof(3)))
        .contains(tree.root());
    assertThat(MerkleVerifier.rootFromInclusion(SOME_HASH, tree.inclusionProof(3)))
        .isPresent()
        .get()
        .isNotEqualTo(tree.root());
  }

  @Test
  void hostileOverlongPathsAreRejectedWithoutThrowing() {
    List<Sha256Hash> longPath = Collections.nCopies(HOSTILE_PATH_LENGTH, SOME_HASH);

    assertThat(
            MerkleVerifier.verifyInclusion(
                SOME_HASH, new InclusionProof(0, Long.MAX_VALUE, longPath), SOME_HASH))
        .isFalse();
    assertThat(
            MerkleVerifier.verifyConsistency(
                new ConsistencyProof(3, Long.MAX_VALUE, longPath), SOME_HASH, SOME_HASH))
        .isFalse();
  }

  @Test
  void sizesNearTheSixtyFourBitLimitDoNotOverflow() {
    long treeSize = Long.MAX_VALUE;
    long lastIndex = treeSize - 1;
    // The last leaf sits on the right edge: its path has one element per set bit of its index.
    int pathLength = Long.bitCount(lastIndex);
    InclusionProof lastLeaf =
        new InclusionProof(lastIndex, treeSize, Collections.nCopies(pathLength, SOME_HASH));
    ConsistencyProof hugeExtension =
        new ConsistencyProof(lastIndex, treeSize, Collections.nCopies(pathLength, SOME_HASH));

    assertThat(MerkleVerifier.rootFromInclusion(SOME_HASH, lastLeaf)).isPresent();
    assertThat(MerkleVerifier.verifyInclusion(SOME_HASH, lastLeaf, SOME_HASH)).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(hugeExtension, SOME_HASH, OTHER_HASH)).isFalse();
    for (int wrongLength : new int[] {pathLength - 1, pathLength + 1}) {
      InclusionProof wrong =
          new InclusionProof(lastIndex, treeSize, Collections.nCopies(wrongLength, SOME_HASH));
      assertThat(MerkleVerifier.rootFromInclusion(SOME_HASH, wrong))
          .as("length %d", wrongLength)
          .isEmpty();
    }
  }

  @Test
  void treeSizeIsBoundByTheTreeHeadNotByTheInclusionProof() {
    // Leaf 0's audit path in a 3-leaf tree has exactly the shape of one in a 4-leaf tree, so the
    // same proof verifies under either size. The leaf really is at index 0; only the size label is
    // unverified. Callers must take treeSize from the signed tree head that supplied the root.
    List<Sha256Hash> leaves = TestLeaves.sequential(3);
    MerkleTree tree = MerkleTree.of(leaves);
    InclusionProof proof = tree.inclusionProof(0);

    InclusionProof relabelled = new InclusionProof(0, 4, proof.path());

    assertThat(MerkleVerifier.verifyInclusion(leaves.get(0), relabelled, tree.root())).isTrue();
  }

  @Test
  void consistencyFromTheEmptyTreeNeedsAnEmptyPathAndTheEmptyRoot() {
    ConsistencyProof emptyToFive = new ConsistencyProof(0, 5, List.of());

    assertThat(MerkleVerifier.verifyConsistency(emptyToFive, EMPTY, SOME_HASH)).isTrue();
    assertThat(MerkleVerifier.verifyConsistency(emptyToFive, SOME_HASH, SOME_HASH)).isFalse();
    assertThat(
            MerkleVerifier.verifyConsistency(
                new ConsistencyProof(0, 5, List.of(EMPTY)), EMPTY, SOME_HASH))
        .isFalse();
  }

  @Test
  void consistencyBetweenEmptyTreesNeedsBothRootsEmpty() {
    ConsistencyProof emptyToEmpty = new ConsistencyProof(0, 0, List.of());

    assertThat(MerkleVerifier.verifyConsistency(emptyToEmpty, EMPTY, EMPTY)).isTrue();
    assertThat(MerkleVerifier.verifyConsistency(emptyToEmpty, EMPTY, SOME_HASH)).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(emptyToEmpty, SOME_HASH, SOME_HASH)).isFalse();
    assertThat(
            MerkleVerifier.verifyConsistency(
                new ConsistencyProof(0, 0, List.of(EMPTY)), EMPTY, EMPTY))
        .isFalse();
  }

  @Test
  void consistencyBetweenEqualSizesNeedsEqualRootsAndAnEmptyPath() {
    ConsistencyProof same = new ConsistencyProof(1, 1, List.of());

    assertThat(MerkleVerifier.verifyConsistency(same, SOME_HASH, SOME_HASH)).isTrue();
    assertThat(MerkleVerifier.verifyConsistency(same, SOME_HASH, OTHER_HASH)).isFalse();
    assertThat(
            MerkleVerifier.verifyConsistency(
                new ConsistencyProof(1, 1, List.of(EMPTY)), EMPTY, EMPTY))
        .isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"1, 0", "2, 1", "9, 8"})
  void consistencyFailsWhenTheTreeShrinks(long oldSize, long newSize) {
    ConsistencyProof proof = new ConsistencyProof(oldSize, newSize, List.of());

    assertThat(MerkleVerifier.verifyConsistency(proof, SOME_HASH, SOME_HASH)).isFalse();
  }

  @Test
  void consistencyFailsForAnEmptyPathBetweenDifferentSizes() {
    MerkleTree tree = MerkleTree.of(TestLeaves.sequential(2));
    ConsistencyProof empty = new ConsistencyProof(1, 2, List.of());

    assertThat(MerkleVerifier.verifyConsistency(empty, tree.rootAt(1), tree.root())).isFalse();
  }

  @Test
  void powerOfTwoOldSizeRejectsAnExplicitlyIncludedOldRoot() {
    MerkleTree tree = MerkleTree.of(TestLeaves.sequential(8));
    ConsistencyProof proof = tree.consistencyProof(4);
    List<Sha256Hash> withOldRoot = new ArrayList<>(proof.path());
    withOldRoot.addFirst(tree.rootAt(4));

    assertThat(MerkleVerifier.verifyConsistency(proof, tree.rootAt(4), tree.root())).isTrue();
    assertThat(
            MerkleVerifier.verifyConsistency(
                new ConsistencyProof(4, 8, withOldRoot), tree.rootAt(4), tree.root()))
        .isFalse();
  }

  @Test
  void rejectsNullArgumentsWithTheirNames() {
    InclusionProof inclusion = new InclusionProof(0, 1, List.of());
    ConsistencyProof consistency = new ConsistencyProof(1, 1, List.of());

    assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(null, inclusion, SOME_HASH))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("leafHash");
    assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(SOME_HASH, null, SOME_HASH))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("proof");
    assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(SOME_HASH, inclusion, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("expectedRoot");
    assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(null, SOME_HASH, SOME_HASH))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("proof");
    assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(consistency, null, SOME_HASH))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("oldRoot");
    assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(consistency, SOME_HASH, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("newRoot");
  }
}
