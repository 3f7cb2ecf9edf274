package com.payflow.ledger.chain;

import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.NodeReader;
import com.payflow.contracts.merkle.Sha256Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of the append-only log tree: one perfect subtree root per set bit of the size (at
 * most 64), enough to append leaves and compute the root without reading the log.
 */
public final class LogFrontier {

  /** A complete perfect subtree: leaves {@code [index * 2^level, (index + 1) * 2^level)}. */
  public record Node(int level, long index, Sha256Hash hash) {}

  private final List<Node> roots = new ArrayList<>();
  private long size;

  private LogFrontier(long size) {
    this.size = size;
  }

  /** The frontier of an empty log. */
  public static LogFrontier empty() {
    return new LogFrontier(0);
  }

  /** The frontier of the log of {@code size} leaves, read through {@code nodes}. */
  public static LogFrontier load(long size, NodeReader nodes) {
    LogFrontier frontier = new LogFrontier(size);
    long start = 0;
    for (int level = Long.SIZE - 2; level >= 0; level--) {
      long width = 1L << level;
      if ((size & width) != 0) {
        frontier.roots.add(new Node(level, start >>> level, nodes.node(level, start >>> level)));
        start += width;
      }
    }
    return frontier;
  }

  /** Appends a leaf hash; returns the interior nodes (level >= 1) this completed. */
  public List<Node> append(Sha256Hash leaf) {
    List<Node> completed = new ArrayList<>();
    push(leaf, completed);
    return completed;
  }

  /** Appends a leaf hash when only the root matters (verification): no list per leaf. */
  public void add(Sha256Hash leaf) {
    push(leaf, null);
  }

  private void push(Sha256Hash leaf, List<Node> completed) {
    Node node = new Node(0, size, leaf);
    // Merge while the last root is the left sibling of the new node (same level).
    while (!roots.isEmpty() && roots.getLast().level() == node.level()) {
      Node left = roots.removeLast();
      node =
          new Node(
              node.level() + 1,
              left.index() >>> 1,
              MerkleHashing.nodeHash(left.hash(), node.hash()));
      if (completed != null) {
        completed.add(node);
      }
    }
    roots.add(node);
    size++;
  }

  /** Number of leaves. */
  public long size() {
    return size;
  }

  /** RFC 6962 root of the whole log: the roots folded right to left. */
  public Sha256Hash root() {
    if (roots.isEmpty()) {
      return MerkleHashing.emptyRoot();
    }
    Sha256Hash accumulator = roots.getLast().hash();
    for (int i = roots.size() - 2; i >= 0; i--) {
      accumulator = MerkleHashing.nodeHash(roots.get(i).hash(), accumulator);
    }
    return accumulator;
  }
}
