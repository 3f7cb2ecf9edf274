package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MerkleTreeTest {

  private static final int DUPLICATION_CHECK_MAX_SIZE = 64;
  private static final long SEED = 2459L;

  @Test
  void emptyTreeHasTheEmptyRootAndNoLeaves() {
    MerkleTree tree = MerkleTree.of(List.of());

    assertThat(tree.size()).isZero();
    assertThat(tree.root()).isEqualTo(MerkleHashing.emptyRoot());
    assertThat(tree.rootAt(0)).isEqualTo(MerkleHashing.emptyRoot());
    assertThat(tree.consistencyProof(0)).isEqualTo(new ConsistencyProof(0, 0, List.of()));
    assertThatThrownBy(() -> tree.inclusionProof(0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("leafIndex must be in [0, 0)");
  }

  @Test
  void singleLeafTreeHasTheLeafAsRootAndAnEmptyPath() {
    Sha256Hash leaf = TestLeaves.sequentialLeaf(0);
    MerkleTree tree = MerkleTree.of(List.of(leaf));

    assertThat(tree.root()).isEqualTo(leaf);
    assertThat(tree.inclusionProof(0)).isEqualTo(new InclusionProof(0, 1, List.of()));
    assertThat(tree.consistencyProof(0)).isEqualTo(new ConsistencyProof(0, 1, List.of()));
    assertThat(tree.consistencyProof(1)).isEqualTo(new ConsistencyProof(1, 1, List.of()));
  }

  @Test
  void twoLeafTreeIsTheNodeHashOfBoth() {
    List<Sha256Hash> leaves = TestLeaves.sequential(2);

    assertThat(MerkleTree.of(leaves).root())
        .isEqualTo(MerkleHashing.nodeHash(leaves.get(0), leaves.get(1)));
  }

  @Test
  void threeLeafTreeSplitsAtTwoAndDoesNotDuplicateTheLastLeaf() {
    List<Sha256Hash> leaves = TestLeaves.sequential(3);
    Sha256Hash a = leaves.get(0);
    Sha256Hash b = leaves.get(1);
    Sha256Hash c = leaves.get(2);
    Sha256Hash left = MerkleHashing.nodeHash(a, b);

    Sha256Hash root = MerkleTree.of(leaves).root();

    assertThat(root).isEqualTo(MerkleHashing.nodeHash(left, c));
    assertThat(root).isNotEqualTo(MerkleHashing.nodeHash(left, MerkleHashing.nodeHash(c, c)));
  }

  @Test
  void cve20122459DuplicatingTheLastLeafChangesTheRoot() {
    List<Sha256Hash> abc = TestLeaves.sequential(3);
    List<Sha256Hash> abcc = new ArrayList<>(abc);
    abcc.add(abc.get(2));

    assertThat(MerkleTree.of(abc).root()).isNotEqualTo(MerkleTree.of(abcc).root());
    assertThat(MerkleTree.rootOf(abc)).isNotEqualTo(MerkleTree.rootOf(abcc));
  }

  @Test
  void cve20122459NoSizeCollidesWithItsLastLeafOrLastPairDuplicated() {
    for (int size = 1; size <= DUPLICATION_CHECK_MAX_SIZE; size++) {
      List<Sha256Hash> leaves = TestLeaves.random(size, SEED);
      List<Sha256Hash> lastDuplicated = new ArrayList<>(leaves);
      lastDuplicated.add(leaves.getLast());
      Sha256Hash root = MerkleTree.of(leaves).root();

      assertThat(MerkleTree.of(lastDuplicated).root()).as("size %d", size).isNotEqualTo(root);
      if (size >= 2) {
        // Bitcoin's mutation one level up: [.., e, f] and [.., e, f, e, f].
        List<Sha256Hash> lastPairDuplicated = new ArrayList<>(leaves);
        lastPairDuplicated.addAll(leaves.subList(size - 2, size));
        assertThat(MerkleTree.of(lastPairDuplicated).root()).as("size %d", size).isNotEqualTo(root);
      }
    }
  }

  @Test
  void cve20122459TheDuplicatedLeafHasNoValidProof() {
    List<Sha256Hash> abc = TestLeaves.sequential(3);
    MerkleTree tree = MerkleTree.of(abc);
    InclusionProof proofOfC = tree.inclusionProof(2);
    InclusionProof claimedFourthLeaf = new InclusionProof(3, 4, proofOfC.path());

    assertThatThrownBy(() -> tree.inclusionProof(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(MerkleVerifier.verifyInclusion(abc.get(2), claimedFourthLeaf, tree.root()))
        .isFalse();
  }

  @Test
  void buildsTheSameRootAsTheStreamingComputation() {
    for (int size = 0; size <= DUPLICATION_CHECK_MAX_SIZE; size++) {
      List<Sha256Hash> leaves = TestLeaves.random(size, SEED + size);

      assertThat(MerkleTree.of(leaves).root()).isEqualTo(MerkleTree.rootOf(leaves));
    }
  }

  @Test
  void rootAtGivesTheRootOfEveryPrefix() {
    List<Sha256Hash> leaves = TestLeaves.random(DUPLICATION_CHECK_MAX_SIZE, SEED);
    MerkleTree tree = MerkleTree.of(leaves);

    for (int size = 0; size <= leaves.size(); size++) {
      assertThat(tree.rootAt(size)).isEqualTo(MerkleTree.rootOf(leaves.subList(0, size)));
    }
  }

  @Test
  void snapshotsTheLeavesSoLaterChangesToTheInputDoNotLeakIn() {
    List<Sha256Hash> leaves = new ArrayList<>(TestLeaves.sequential(5));
    MerkleTree tree = MerkleTree.of(leaves);
    Sha256Hash rootBefore = tree.root();

    leaves.set(0, leaves.get(1));
    leaves.add(leaves.get(1));

    assertThat(tree.size()).isEqualTo(5);
    assertThat(tree.root()).isEqualTo(rootBefore);
    assertThat(tree.leafHash(0)).isEqualTo(TestLeaves.sequentialLeaf(0));
  }

  @Test
  void returnsItsLeafHashes() {
    List<Sha256Hash> leaves = TestLeaves.sequential(5);
    MerkleTree tree = MerkleTree.of(leaves);

    for (int i = 0; i < leaves.size(); i++) {
      assertThat(tree.leafHash(i)).isEqualTo(leaves.get(i));
    }
  }

  @Test
  void rejectsANullList() {
    assertThatThrownBy(() -> MerkleTree.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("leafHashes");
    assertThatThrownBy(() -> MerkleTree.rootOf(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("leafHashes");
  }

  @Test
  void rejectsNullLeavesNamingTheirIndex() {
    List<Sha256Hash> leaves = new ArrayList<>(TestLeaves.sequential(3));
    leaves.add(null);

    assertThatThrownBy(() -> MerkleTree.of(leaves))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("element 3");
    assertThatThrownBy(() -> MerkleTree.rootOf(leaves))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("element 3");
  }

  @Test
  void rejectsMoreLeavesThanTheCachedLevelsCanHold() {
    List<Sha256Hash> tooMany =
        Collections.nCopies(MerkleTree.MAX_LEAF_COUNT + 1, TestLeaves.sequentialLeaf(0));

    assertThatThrownBy(() -> MerkleTree.of(tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most " + MerkleTree.MAX_LEAF_COUNT);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 5, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void rejectsLeafIndicesOutsideTheTree(int leafIndex) {
    MerkleTree tree = MerkleTree.of(TestLeaves.sequential(5));

    assertThatThrownBy(() -> tree.inclusionProof(leafIndex))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("leafIndex must be in [0, 5)")
        .hasMessageContaining("got " + leafIndex);
    assertThatThrownBy(() -> tree.leafHash(leafIndex))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 6, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void rejectsSizesOutsideTheTree(int size) {
    MerkleTree tree = MerkleTree.of(TestLeaves.sequential(5));

    assertThatThrownBy(() -> tree.consistencyProof(size))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oldSize must be in [0, 5]");
    assertThatThrownBy(() -> tree.rootAt(size))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("treeSize must be in [0, 5]");
  }

  @Test
  void consistencyProofFromAPowerOfTwoOmitsTheOldRoot() {
    List<Sha256Hash> leaves = TestLeaves.sequential(8);
    MerkleTree tree = MerkleTree.of(leaves);

    ConsistencyProof proof = tree.consistencyProof(4);

    // PROOF(4, D[8]) = [MTH(D[4:8])]: the verifier supplies MTH(D[0:4]) itself (RFC 9162 step 2).
    assertThat(proof.path()).containsExactly(MerkleTree.rootOf(leaves.subList(4, 8)));
    assertThat(MerkleVerifier.verifyConsistency(proof, tree.rootAt(4), tree.root())).isTrue();
  }

  @Test
  void inclusionPathSkipsLevelsWhereTheRightEdgeHasNoSibling() {
    // In a 5-leaf tree leaf 4 is promoted twice and meets its only sibling at the top.
    List<Sha256Hash> leaves = TestLeaves.sequential(5);

    InclusionProof proof = MerkleTree.of(leaves).inclusionProof(4);

    assertThat(proof.path()).containsExactly(MerkleTree.rootOf(leaves.subList(0, 4)));
  }

  @Test
  void describesItselfBySizeAndRoot() {
    MerkleTree tree = MerkleTree.of(TestLeaves.sequential(3));

    assertThat(tree).hasToString("MerkleTree[size=3, root=" + tree.root().hex() + "]");
  }

  @Test
  void proofPathsAreImmutable() {
    MerkleTree tree = MerkleTree.of(TestLeaves.sequential(5));
    List<Sha256Hash> inclusionPath = tree.inclusionProof(0).path();
    List<Sha256Hash> consistencyPath = tree.consistencyProof(3).path();

    assertThatThrownBy(inclusionPath::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(consistencyPath::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void leafOrderMatters() {
    List<Sha256Hash> leaves = TestLeaves.sequential(4);
    List<Sha256Hash> swapped =
        Arrays.asList(leaves.get(1), leaves.get(0), leaves.get(2), leaves.get(3));

    assertThat(MerkleTree.of(leaves).root()).isNotEqualTo(MerkleTree.of(swapped).root());
  }
}
