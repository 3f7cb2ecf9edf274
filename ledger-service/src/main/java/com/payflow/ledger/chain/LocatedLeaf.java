package com.payflow.ledger.chain;

/**
 * A log leaf and the head height read in the same statement.
 *
 * @param leaf where the transaction is in the log
 * @param headHeight the published head at the time of the read (never below the leaf's block)
 */
public record LocatedLeaf(LogLeaf leaf, long headHeight) {}
