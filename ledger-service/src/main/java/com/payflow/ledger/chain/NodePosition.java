package com.payflow.ledger.chain;

/**
 * Where a perfect subtree sits in the log tree: leaves {@code [index * 2^level, (index + 1) *
 * 2^level)}; level 0 is a leaf.
 *
 * @param level height of the subtree
 * @param index position among the subtrees of that height
 */
public record NodePosition(int level, long index) {}
