package com.payflow.contracts.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable RFC 6962 Merkle tree over a list of leaf hashes, with cached levels for O(log n)
 * inclusion and consistency proofs.
 *
 * <p>Levels are built bottom-up. An unpaired last node is carried up to the next level unchanged:
 * in RFC 6962 terms it is the root of the right-edge subtree, and a subtree's hash does not change
 * by being a lone child. It is never paired with a copy of itself (the Bitcoin construction behind
 * CVE-2012-2459), so the node at level {@code h}, index {@code j} is always exactly MTH of leaves
 * {@code [j * 2^h, min((j + 1) * 2^h, n))}. That invariant is what lets proofs be read straight
 * from the cache.
 *
 * <p>Level 0 is the caller's leaf hashes; higher levels are flat byte arrays of consecutive 32-byte
 * hashes, roughly {@code 32 * n} bytes in total, rather than millions of small objects.
 */
public final class MerkleTree {

  /**
   * Largest tree {@link #of} accepts: level 1 then needs {@code 2^25 * 32 = 2^30} bytes, keeping
   * every level inside one Java array. {@link #rootOf} has no such limit.
   */
  public static final int MAX_LEAF_COUNT = 1 << 26;

  /** Bound on the {@link #rootOf} stack: one entry per bit of an {@code int} leaf count. */
  private static final int MAX_STACK_DEPTH = Integer.SIZE;

  private static final int HASH_LENGTH = Sha256Hash.LENGTH;

  private final Sha256Hash[] leaves;

  /** {@code upperLevels[k]} holds level {@code k + 1}; the single node of the last is the root. */
  private final byte[][] upperLevels;

  private final Sha256Hash root;

  private MerkleTree(Sha256Hash[] leaves, byte[][] upperLevels) {
    this.leaves = leaves;
    this.upperLevels = upperLevels;
    this.root = leaves.length == 0 ? MerkleHashing.emptyRoot() : node(upperLevels.length, 0);
  }

  /** Builds a tree over {@code leafHashes} (already leaf-hashed, see {@link MerkleHashing}). */
  public static MerkleTree of(List<Sha256Hash> leafHashes) {
    Objects.requireNonNull(leafHashes, "leafHashes must not be null");
    // Checked before copying so an oversized input fails without allocating its snapshot.
    requireAtMostMaxLeaves(leafHashes.size());
    Sha256Hash[] leaves = snapshot(leafHashes);
    // Re-checked on the snapshot in case the caller's list grew while being copied.
    requireAtMostMaxLeaves(leaves.length);
    return new MerkleTree(leaves, buildUpperLevels(leaves));
  }

  /**
   * Computes MTH of {@code leafHashes} in one pass with O(log n) memory, keeping no levels.
   *
   * <p>Use this when only the root is needed, e.g. to check a block header.
   */
  public static Sha256Hash rootOf(List<Sha256Hash> leafHashes) {
    Objects.requireNonNull(leafHashes, "leafHashes must not be null");
    // stack[i] is the root of a perfect subtree of 2^heights[i] leaves; heights strictly decrease
    // towards the top, mirroring the binary digits of the number of leaves consumed so far.
    Sha256Hash[] stack = new Sha256Hash[MAX_STACK_DEPTH];
    int[] heights = new int[MAX_STACK_DEPTH];
    int depth = 0;
    MessageDigest digest = MerkleHashing.newDigest();
    int leafIndex = 0;
    for (Sha256Hash leaf : leafHashes) {
      requireLeaf(leaf, leafIndex++);
      Sha256Hash node = leaf;
      int height = 0;
      while (depth > 0 && heights[depth - 1] == height) {
        node = MerkleHashing.nodeHash(digest, stack[--depth], node);
        height++;
      }
      stack[depth] = node;
      heights[depth] = height;
      depth++;
    }
    if (depth == 0) {
      return MerkleHashing.emptyRoot();
    }
    // Fold right to left: MTH = node(largest perfect subtree, MTH(rest)), per RFC 6962 §2.1.
    Sha256Hash accumulator = stack[--depth];
    while (depth > 0) {
      accumulator = MerkleHashing.nodeHash(digest, stack[--depth], accumulator);
    }
    return accumulator;
  }

  /** Returns MTH of all leaves; {@link MerkleHashing#emptyRoot()} for an empty tree. */
  public Sha256Hash root() {
    return root;
  }

  /** Returns the number of leaves. */
  public int size() {
    return leaves.length;
  }

  /** Returns the leaf hash at {@code leafIndex}. */
  public Sha256Hash leafHash(int leafIndex) {
    checkLeafIndex(leafIndex);
    return leaves[leafIndex];
  }

  /**
   * Returns MTH of the first {@code treeSize} leaves: the root this tree had at that size.
   *
   * <p>Costs O(log n): the prefix is a run of perfect subtrees, one per set bit of {@code
   * treeSize}, each already cached.
   */
  public Sha256Hash rootAt(int treeSize) {
    checkSize(treeSize, "treeSize");
    if (treeSize == 0) {
      return MerkleHashing.emptyRoot();
    }
    MessageDigest digest = MerkleHashing.newDigest();
    Sha256Hash accumulator = null;
    int remaining = treeSize;
    // Lowest set bit first: that is the rightmost (smallest) subtree, so we fold right to left.
    while (remaining != 0) {
      int subtreeSize = Integer.lowestOneBit(remaining);
      int level = Integer.numberOfTrailingZeros(subtreeSize);
      int start = remaining - subtreeSize;
      Sha256Hash subtree = node(level, start >>> level);
      accumulator =
          accumulator == null ? subtree : MerkleHashing.nodeHash(digest, subtree, accumulator);
      remaining = start;
    }
    return accumulator;
  }

  /** Returns the RFC 6962 §2.1.1 audit path PATH(leafIndex, D[size]) for one leaf. */
  public InclusionProof inclusionProof(int leafIndex) {
    checkLeafIndex(leafIndex);
    List<Sha256Hash> path = new ArrayList<>(upperLevels.length);
    int index = leafIndex;
    for (int level = 0; level < upperLevels.length; level++) {
      int sibling = index ^ 1;
      // No sibling means this node is the promoted right edge: PATH has no entry at this level.
      if (sibling < levelSize(level)) {
        path.add(node(level, sibling));
      }
      index >>>= 1;
    }
    return new InclusionProof(leafIndex, leaves.length, path);
  }

  /**
   * Returns the RFC 6962 §2.1.2 consistency proof PROOF(oldSize, D[size]) from the tree's earlier
   * size {@code oldSize} to its current size.
   *
   * <p>The path is empty when {@code oldSize} is 0 or equals {@link #size()}: there is nothing to
   * prove then, and {@link MerkleVerifier#verifyConsistency} expects exactly that.
   */
  public ConsistencyProof consistencyProof(int oldSize) {
    checkSize(oldSize, "oldSize");
    // Every range the RFC's recursion asks for is read from the cached levels: perfect
    // subtrees are single cached nodes.
    return new LogTree((level, index) -> node(level, Math.toIntExact(index)))
        .consistency(oldSize, leaves.length);
  }

  /** Returns {@code MerkleTree[size=..., root=...]}. */
  @Override
  public String toString() {
    return "MerkleTree[size=" + leaves.length + ", root=" + root.hex() + "]";
  }

  private static void requireAtMostMaxLeaves(int leafCount) {
    if (leafCount > MAX_LEAF_COUNT) {
      throw new IllegalArgumentException(
          "a cached tree holds at most %d leaves, got %d; use rootOf() when only the root is needed"
              .formatted(MAX_LEAF_COUNT, leafCount));
    }
  }

  private static Sha256Hash[] snapshot(List<Sha256Hash> leafHashes) {
    // One copy up front: later changes to the caller's list cannot reach the tree.
    Sha256Hash[] leaves = leafHashes.toArray(new Sha256Hash[0]);
    for (int i = 0; i < leaves.length; i++) {
      requireLeaf(leaves[i], i);
    }
    return leaves;
  }

  private static void requireLeaf(Sha256Hash leaf, int index) {
    if (leaf == null) {
      throw new NullPointerException("leafHashes element " + index + " must not be null");
    }
  }

  private static byte[][] buildUpperLevels(Sha256Hash[] leaves) {
    int height = leaves.length <= 1 ? 0 : TreeMath.ceilLog2(leaves.length);
    byte[][] levels = new byte[height][];
    MessageDigest digest = MerkleHashing.newDigest();
    int childCount = leaves.length;
    for (int level = 1; level <= height; level++) {
      int pairCount = childCount / 2;
      boolean hasUnpairedChild = childCount % 2 != 0;
      byte[] parents = new byte[(pairCount + (hasUnpairedChild ? 1 : 0)) * HASH_LENGTH];
      if (level == 1) {
        hashLeafPairs(digest, leaves, pairCount, parents);
        if (hasUnpairedChild) {
          leaves[childCount - 1].copyTo(parents, pairCount * HASH_LENGTH);
        }
      } else {
        byte[] children = levels[level - 2];
        hashNodePairs(digest, children, pairCount, parents);
        if (hasUnpairedChild) {
          int lastChildOffset = (childCount - 1) * HASH_LENGTH;
          System.arraycopy(
              children, lastChildOffset, parents, pairCount * HASH_LENGTH, HASH_LENGTH);
        }
      }
      levels[level - 1] = parents;
      childCount = pairCount + (hasUnpairedChild ? 1 : 0);
    }
    return levels;
  }

  private static void hashLeafPairs(
      MessageDigest digest, Sha256Hash[] leaves, int pairCount, byte[] parents) {
    for (int i = 0; i < pairCount; i++) {
      digest.update(MerkleHashing.NODE_PREFIX);
      leaves[2 * i].updateDigest(digest);
      leaves[2 * i + 1].updateDigest(digest);
      MerkleHashing.finishInto(digest, parents, i * HASH_LENGTH);
    }
  }

  private static void hashNodePairs(
      MessageDigest digest, byte[] children, int pairCount, byte[] parents) {
    for (int i = 0; i < pairCount; i++) {
      MerkleHashing.nodeHashInto(digest, children, 2 * i * HASH_LENGTH, parents, i * HASH_LENGTH);
    }
  }

  private Sha256Hash node(int level, int index) {
    if (level == 0) {
      return leaves[index];
    }
    int offset = index * HASH_LENGTH;
    return new Sha256Hash(Arrays.copyOfRange(upperLevels[level - 1], offset, offset + HASH_LENGTH));
  }

  /** Number of nodes at {@code level}: ceil(size / 2^level). */
  private int levelSize(int level) {
    return ((leaves.length - 1) >>> level) + 1;
  }

  private void checkLeafIndex(int leafIndex) {
    if (leafIndex < 0 || leafIndex >= leaves.length) {
      throw new IndexOutOfBoundsException(
          "leafIndex must be in [0, " + leaves.length + "), got " + leafIndex);
    }
  }

  private void checkSize(int treeSize, String name) {
    if (treeSize < 0 || treeSize > leaves.length) {
      throw new IllegalArgumentException(
          name + " must be in [0, " + leaves.length + "], got " + treeSize);
    }
  }
}
