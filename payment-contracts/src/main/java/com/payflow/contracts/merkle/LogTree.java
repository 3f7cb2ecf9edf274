package com.payflow.contracts.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * RFC 6962 §2.1 audit paths and consistency proofs over a tree whose perfect subtrees can be read
 * ({@link NodeReader}): the ledger's stored log, read O(log n) stored subtrees per hash instead of
 * the leaves, and {@link MerkleTree}'s cached levels. The one implementation of the RFC's PATH and
 * PROOF recursions in the project.
 */
public final class LogTree {

  private final NodeReader nodes;
  private final BinaryOperator<Sha256Hash> combine;

  /** A tree view over {@code nodes}. */
  public LogTree(NodeReader nodes) {
    this(nodes, MerkleHashing::nodeHash);
  }

  /** A tree view that joins subtrees with {@code combine} (a dry run need not hash). */
  public LogTree(NodeReader nodes, BinaryOperator<Sha256Hash> combine) {
    this.nodes = nodes;
    this.combine = combine;
  }

  /** MTH of leaves {@code [start, end)}; the left part of every RFC split is perfect. */
  public Sha256Hash hash(long start, long end) {
    long width = end - start;
    if (width <= 0) {
      throw new IllegalArgumentException("empty range " + start + ".." + end);
    }
    if (Long.bitCount(width) == 1 && start % width == 0) {
      int level = Long.numberOfTrailingZeros(width);
      return nodes.node(level, start >>> level);
    }
    long split = TreeMath.splitPoint(width);
    return combine.apply(hash(start, start + split), hash(start + split, end));
  }

  /** PATH(index, D[0:size]). */
  public InclusionProof inclusion(long index, long size) {
    return inclusion(index, 0, size);
  }

  /**
   * PATH(index - from, D[from:to]): the audit path of a leaf in the tree over a slice of the log,
   * e.g. a batch, whose leaves are a contiguous run of the log.
   */
  public InclusionProof inclusion(long index, long from, long to) {
    if (from < 0 || index < from || index >= to) {
      throw new IllegalArgumentException(
          "leaf " + index + " is not in the log slice " + from + ".." + to);
    }
    List<Sha256Hash> reversed = new ArrayList<>();
    long start = from;
    long end = to;
    long m = index - from;
    while (end - start > 1) {
      long split = TreeMath.splitPoint(end - start);
      if (m < split) {
        reversed.add(hash(start + split, end));
        end = start + split;
      } else {
        reversed.add(hash(start, start + split));
        start += split;
        m -= split;
      }
    }
    return new InclusionProof(index - from, to - from, reversed.reversed());
  }

  /** PROOF(oldSize, D[0:newSize]). */
  public ConsistencyProof consistency(long oldSize, long newSize) {
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException("no consistency proof from " + oldSize + " to " + newSize);
    }
    if (oldSize == 0 || oldSize == newSize) {
      return new ConsistencyProof(oldSize, newSize, List.of());
    }
    List<Sha256Hash> reversed = new ArrayList<>();
    long m = oldSize;
    long start = 0;
    long end = newSize;
    boolean oldRootIsKnown = true;
    while (m != end - start) {
      long split = TreeMath.splitPoint(end - start);
      if (m <= split) {
        reversed.add(hash(start + split, end));
        end = start + split;
      } else {
        reversed.add(hash(start, start + split));
        start += split;
        m -= split;
        oldRootIsKnown = false;
      }
    }
    if (!oldRootIsKnown) {
      reversed.add(hash(start, end));
    }
    return new ConsistencyProof(oldSize, newSize, reversed.reversed());
  }
}
