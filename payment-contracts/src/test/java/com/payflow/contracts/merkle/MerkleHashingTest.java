package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MerkleHashingTest {

  private static final int CONCURRENT_TASKS = 2_000;

  @Test
  void leafHashIsSha256OfZeroPrefixAndData() throws NoSuchAlgorithmException {
    byte[] data = "payment-42".getBytes(StandardCharsets.UTF_8);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update((byte) 0x00);
    digest.update(data);

    assertThat(MerkleHashing.leafHash(data).bytes()).isEqualTo(digest.digest());
  }

  @Test
  void nodeHashIsSha256OfOnePrefixAndChildren() throws NoSuchAlgorithmException {
    Sha256Hash left = MerkleHashing.leafHash(new byte[] {1});
    Sha256Hash right = MerkleHashing.leafHash(new byte[] {2});
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update((byte) 0x01);
    digest.update(left.bytes());
    digest.update(right.bytes());

    assertThat(MerkleHashing.nodeHash(left, right).bytes()).isEqualTo(digest.digest());
  }

  @Test
  void nodeHashIsOrderSensitive() {
    Sha256Hash left = MerkleHashing.leafHash(new byte[] {1});
    Sha256Hash right = MerkleHashing.leafHash(new byte[] {2});

    assertThat(MerkleHashing.nodeHash(left, right))
        .isNotEqualTo(MerkleHashing.nodeHash(right, left));
  }

  @Test
  void leafAndNodeDomainsAreSeparated() {
    // Without the prefixes, the 64 bytes of two children hashed as a leaf would equal their
    // parent: the classic second-preimage attack on Merkle trees.
    Sha256Hash left = MerkleHashing.leafHash(new byte[] {1});
    Sha256Hash right = MerkleHashing.leafHash(new byte[] {2});
    byte[] concatenated = new byte[2 * Sha256Hash.LENGTH];
    System.arraycopy(left.bytes(), 0, concatenated, 0, Sha256Hash.LENGTH);
    System.arraycopy(right.bytes(), 0, concatenated, Sha256Hash.LENGTH, Sha256Hash.LENGTH);

    assertThat(MerkleHashing.leafHash(concatenated))
        .isNotEqualTo(MerkleHashing.nodeHash(left, right));
  }

  @Test
  void emptyRootIsSha256OfNothingAndDiffersFromTheEmptyLeaf() {
    assertThat(MerkleHashing.emptyRoot().hex()).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
    assertThat(MerkleHashing.leafHash(new byte[0])).isNotEqualTo(MerkleHashing.emptyRoot());
  }

  @Test
  void rejectsNulls() {
    Sha256Hash hash = MerkleHashing.emptyRoot();

    assertThatThrownBy(() -> MerkleHashing.leafHash(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("leafData");
    assertThatThrownBy(() -> MerkleHashing.nodeHash(null, hash))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("left");
    assertThatThrownBy(() -> MerkleHashing.nodeHash(hash, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("right");
  }

  @Test
  void isSafeToCallFromManyVirtualThreads() throws InterruptedException, ExecutionException {
    List<Sha256Hash> leaves = TestLeaves.sequential(CONCURRENT_TASKS + 1);
    List<Sha256Hash> expected = new ArrayList<>();
    for (int i = 0; i < CONCURRENT_TASKS; i++) {
      expected.add(MerkleHashing.nodeHash(leaves.get(i), leaves.get(i + 1)));
    }
    List<Future<Sha256Hash>> results = new ArrayList<>();

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CONCURRENT_TASKS; i++) {
        int index = i;
        results.add(
            executor.submit(
                () ->
                    MerkleHashing.nodeHash(
                        TestLeaves.sequentialLeaf(index), TestLeaves.sequentialLeaf(index + 1))));
      }
      for (int i = 0; i < CONCURRENT_TASKS; i++) {
        assertThat(results.get(i).get()).isEqualTo(expected.get(i));
      }
    }
  }
}
