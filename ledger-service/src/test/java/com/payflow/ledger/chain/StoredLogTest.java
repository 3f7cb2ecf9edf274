package com.payflow.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.merkle.LogTree;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.NodeReader;
import com.payflow.contracts.merkle.Sha256Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stored-node log (frontier appends + proofs) against contracts' in-memory MerkleTree. */
class StoredLogTest {

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
        assertThat(MerkleVerifier.verifyConsistency(proof, reference.rootAt(old), reference.root()))
            .isTrue();
      }
    }
  }

  @Test
  void sliceInclusion_isTheInclusionProofOfTheTreeOverThatSlice() {
    Map<Long, Sha256Hash> stored = new HashMap<>();
    List<Sha256Hash> leaves = storedLog(MAX_SIZE, stored);
    LogTree tree = new LogTree((level, index) -> stored.get(((long) level << 56) | index));
    for (int from = 0; from < MAX_SIZE; from++) {
      for (int to = from + 1; to <= MAX_SIZE; to++) {
        MerkleTree slice = MerkleTree.of(leaves.subList(from, to));
        for (int index = from; index < to; index++) {
          var proof = tree.inclusion(index, from, to);
          assertThat(proof).isEqualTo(slice.inclusionProof(index - from));
        }
      }
    }
  }

  @Test
  void prefetchedLog_readsEveryNodeInOneBulkRead_andGivesTheSameProofs() {
    Map<Long, Sha256Hash> stored = new HashMap<>();
    storedLog(MAX_SIZE, stored);
    NodeReader direct = (level, index) -> stored.get(((long) level << 56) | index);
    AtomicInteger bulkReads = new AtomicInteger();
    NodeBatchReader bulk =
        positions -> {
          bulkReads.incrementAndGet();
          Map<NodePosition, Sha256Hash> found = new HashMap<>();
          positions.forEach(node -> found.put(node, direct.node(node.level(), node.index())));
          return found;
        };
    for (int size = 1; size <= MAX_SIZE; size++) {
      for (int index = 0; index < size; index++) {
        int leaf = index;
        int treeSize = size;
        var expected =
            List.of(
                new LogTree(direct).inclusion(leaf, treeSize),
                new LogTree(direct).consistency(treeSize, MAX_SIZE));
        bulkReads.set(0);
        var prefetched =
            PrefetchedLog.compute(
                bulk,
                log -> List.of(log.inclusion(leaf, treeSize), log.consistency(treeSize, MAX_SIZE)));
        assertThat(prefetched).isEqualTo(expected);
        assertThat(bulkReads).hasValue(1);
      }
    }
  }

  @Test
  void prefetchedLog_failsOnAMissingNode_likeTheDirectReader() {
    NodeBatchReader empty = positions -> Map.of();
    assertThatThrownBy(() -> PrefetchedLog.compute(empty, log -> log.inclusion(0, 2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is missing");
  }

  @Test
  void frontierAdd_givesTheSameRootAsAppend() {
    LogFrontier appended = LogFrontier.empty();
    LogFrontier added = LogFrontier.empty();
    for (int i = 0; i < MAX_SIZE; i++) {
      Sha256Hash leaf = MerkleHashing.leafHash(new byte[] {(byte) i});
      appended.append(leaf);
      added.add(leaf);
      assertThat(added.root()).isEqualTo(appended.root());
      assertThat(added.size()).isEqualTo(appended.size());
    }
  }

  /** Appends {@code size} leaves through the frontier, storing leaves and nodes by key. */
  private static List<Sha256Hash> storedLog(int size, Map<Long, Sha256Hash> stored) {
    LogFrontier frontier = LogFrontier.empty();
    List<Sha256Hash> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Sha256Hash leaf = MerkleHashing.leafHash(new byte[] {(byte) i, (byte) (i >> 8)});
      leaves.add(leaf);
      stored.put((long) i, leaf);
      for (LogFrontier.Node node : frontier.append(leaf)) {
        stored.put(((long) node.level() << 56) | node.index(), node.hash());
      }
    }
    return leaves;
  }
}
