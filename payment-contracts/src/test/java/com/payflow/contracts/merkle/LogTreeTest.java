package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LogTree} over perfect subtrees read on demand gives the proofs of a {@link MerkleTree}
 * over the same leaves, for the whole tree and for any contiguous slice of it.
 */
class LogTreeTest {

  private static final int MAX_SIZE = 40;

  private final List<Sha256Hash> leaves = new ArrayList<>();
  // Perfect subtree [index * 2^level, (index + 1) * 2^level), computed independently.
  private final NodeReader reader =
      (level, index) ->
          MerkleTree.of(
                  leaves.subList(
                      Math.toIntExact(index << level), Math.toIntExact((index + 1) << level)))
              .root();

  LogTreeTest() {
    for (int i = 0; i < MAX_SIZE; i++) {
      leaves.add(MerkleHashing.leafHash(new byte[] {(byte) i}));
    }
  }

  @Test
  void inclusionAndConsistency_equalMerkleTreesProofs() {
    LogTree tree = new LogTree(reader);
    for (int size = 1; size <= MAX_SIZE; size++) {
      MerkleTree reference = MerkleTree.of(leaves.subList(0, size));
      assertThat(tree.hash(0, size)).isEqualTo(reference.root());
      for (int index = 0; index < size; index++) {
        assertThat(tree.inclusion(index, size)).isEqualTo(reference.inclusionProof(index));
      }
      for (int old = 0; old <= size; old++) {
        assertThat(tree.consistency(old, size)).isEqualTo(reference.consistencyProof(old));
        assertThat(
                MerkleVerifier.verifyConsistency(
                    tree.consistency(old, size), reference.rootAt(old), reference.root()))
            .isTrue();
      }
    }
  }

  @Test
  void sliceInclusion_isTheInclusionProofOfTheTreeOverThatSlice() {
    LogTree tree = new LogTree(reader);
    for (int from = 0; from < MAX_SIZE; from += 3) {
      for (int to = from + 1; to <= MAX_SIZE; to += 2) {
        MerkleTree slice = MerkleTree.of(leaves.subList(from, to));
        for (int index = from; index < to; index++) {
          assertThat(tree.inclusion(index, from, to)).isEqualTo(slice.inclusionProof(index - from));
        }
      }
    }
  }
}
