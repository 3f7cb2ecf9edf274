package com.payflow.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.Sha256Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored-node log (frontier appends + proofs) against contracts' in-memory MerkleTree. */
class LogTreeTest {

  private static final int MAX_SIZE = 70;

  @Test
  void frontierAppends_giveTheSameRootsAndProofsAsMerkleTree() {
    Map<Long, Sha256Hash> stored = new HashMap<>();
    List<Sha256Hash> leaves = new ArrayList<>();
    NodeReader reader = (level, index) -> stored.get(((long) level << 56) | index);
    for (int size = 1; size <= MAX_SIZE; size++) {
      // Resume from the stored nodes every time, as the producer does after a restart.
      LogFrontier frontier = LogFrontier.load(leaves.size(), reader);
      Sha256Hash leaf = MerkleHashing.leafHash(new byte[] {(byte) size});
      leaves.add(leaf);
      stored.put((long) leaves.size() - 1, leaf);
      for (LogFrontier.Node node : frontier.append(leaf)) {
        stored.put(((long) node.level() << 56) | node.index(), node.hash());
      }
      MerkleTree reference = MerkleTree.of(leaves);
      assertThat(frontier.root()).isEqualTo(reference.root());
      LogTree tree = new LogTree(reader);
      for (int index = 0; index < size; index++) {
        var proof = tree.inclusion(index, size);
        assertThat(proof).isEqualTo(reference.inclusionProof(index));
        assertThat(MerkleVerifier.verifyInclusion(leaves.get(index), proof, reference.root()))
            .isTrue();
      }
      for (int old = 0; old <= size; old++) {
        var proof = tree.consistency(old, size);
        assertThat(proof).isEqualTo(reference.consistencyProof(old));
        assertThat(MerkleVerifier.verifyConsistency(proof, reference.rootAt(old),
            reference.root())).isTrue();
      }
    }
  }
}
