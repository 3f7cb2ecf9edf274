package com.payflow.contracts.merkle;

/** Reads complete perfect subtrees of the log tree: level 0 are the leaf hashes. */
@FunctionalInterface
public interface NodeReader {

  /** Hash of leaves {@code [index * 2^level, (index + 1) * 2^level)}; they must all exist. */
  Sha256Hash node(int level, long index);
}
