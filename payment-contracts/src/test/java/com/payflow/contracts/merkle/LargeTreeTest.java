package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sanity check at block scale: a million leaves build and prove in well under a few seconds. No
 * timing is asserted, so the test cannot flake on a slow CI machine; it only has to finish.
 */
class LargeTreeTest {

  private static final int LEAF_COUNT = 1_000_000;
  private static final int RANDOM_PROOFS = 1_000;
  private static final int TREE_HEIGHT = 20; // 2^19 < 1,000,000 <= 2^20
  private static final int LEFT_SUBTREE_SIZE = 1 << (TREE_HEIGHT - 1);
  private static final int LARGE_PRIME_SIZE = 999_983; // no power-of-two structure at all
  private static final long SEED = 1_000_000L;

  private static List<Sha256Hash> leaves;
  private static MerkleTree tree;

  @BeforeAll
  static void buildTree() {
    leaves = TestLeaves.sequential(LEAF_COUNT);
    tree = MerkleTree.of(leaves);
  }

  @Test
  void cachedAndStreamingRootsAgree() {
    assertThat(tree.size()).isEqualTo(LEAF_COUNT);
    assertThat(MerkleTree.rootOf(leaves)).isEqualTo(tree.root());
  }

  @Test
  void inclusionProofsAtTheEdgesAndAtRandomVerify() {
    int[] edges = {0, 1, LEFT_SUBTREE_SIZE - 1, LEFT_SUBTREE_SIZE, LEAF_COUNT - 2, LEAF_COUNT - 1};
    SplittableRandom random = new SplittableRandom(SEED);

    for (int index : edges) {
      assertProvable(index);
    }
    for (int i = 0; i < RANDOM_PROOFS; i++) {
      assertProvable(random.nextInt(LEAF_COUNT));
    }
  }

  @Test
  void consistencyProofsFromEarlierSizesVerify() {
    int[] oldSizes = {
      0,
      1,
      2,
      3,
      LEFT_SUBTREE_SIZE,
      LEFT_SUBTREE_SIZE + 1,
      LARGE_PRIME_SIZE,
      LEAF_COUNT - 1,
      LEAF_COUNT
    };
    SplittableRandom random = new SplittableRandom(SEED);

    for (int oldSize : oldSizes) {
      assertConsistent(oldSize);
    }
    for (int i = 0; i < RANDOM_PROOFS; i++) {
      assertConsistent(random.nextInt(LEAF_COUNT + 1));
    }
  }

  private static void assertProvable(int index) {
    InclusionProof proof = tree.inclusionProof(index);

    assertThat(proof.path()).hasSizeLessThanOrEqualTo(TREE_HEIGHT);
    assertThat(MerkleVerifier.verifyInclusion(leaves.get(index), proof, tree.root()))
        .as("leaf %d", index)
        .isTrue();
  }

  private static void assertConsistent(int oldSize) {
    ConsistencyProof proof = tree.consistencyProof(oldSize);

    assertThat(MerkleVerifier.verifyConsistency(proof, tree.rootAt(oldSize), tree.root()))
        .as("consistency from %d", oldSize)
        .isTrue();
  }
}
