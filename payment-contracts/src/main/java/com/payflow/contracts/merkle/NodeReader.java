package com.payflow.ledger.chain;

import com.payflow.contracts.merkle.Sha256Hash;

/** Reads complete perfect subtrees of the log tree: level 0 are the leaf hashes. */
@FunctionalInterface
public interface NodeReader {

  /** Hash of leaves {@code [index * 2^level, (index + 1) * 2^level)}; they must all exist. */
  Sha256Hash node(int level, long index);
}
