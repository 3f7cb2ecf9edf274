package com.payflow.contracts.merkle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic leaf hashes for tests. */
final class TestLeaves {

  /** Long enough that two random leaves of one tree never coincide in practice. */
  private static final int MIN_RANDOM_LEAF_BYTES = 8;

  private static final int MAX_RANDOM_LEAF_BYTES = 40;

  private TestLeaves() {}

  /** Leaf hashes of {@code count} random byte strings drawn from {@code seed}. */
  static List<Sha256Hash> random(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Sha256Hash> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[random.nextInt(MIN_RANDOM_LEAF_BYTES, MAX_RANDOM_LEAF_BYTES + 1)];
      random.nextBytes(data);
      leaves.add(MerkleHashing.leafHash(data));
    }
    return leaves;
  }

  /** Leaf hashes of the big-endian encodings of 0 .. count - 1: cheap and all distinct. */
  static List<Sha256Hash> sequential(int count) {
    List<Sha256Hash> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      leaves.add(sequentialLeaf(i));
    }
    return leaves;
  }

  /** The leaf hash at {@code index} of {@link #sequential}. */
  static Sha256Hash sequentialLeaf(int index) {
    return MerkleHashing.leafHash(ByteBuffer.allocate(Integer.BYTES).putInt(index).array());
  }

  /** Returns a copy of {@code hash} with bit {@code bit} (0 = MSB of byte 0) inverted. */
  static Sha256Hash flipBit(Sha256Hash hash, int bit) {
    byte[] bytes = hash.bytes();
    bytes[bit / Byte.SIZE] ^= (byte) (1 << (Byte.SIZE - 1 - bit % Byte.SIZE));
    return new Sha256Hash(bytes);
  }
}
