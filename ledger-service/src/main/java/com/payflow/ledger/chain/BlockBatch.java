package com.payflow.ledger.chain;

import com.payflow.contracts.chain.BatchEntry;

/**
 * One batch of a stored block.
 *
 * @param height the block
 * @param position zero-based position in the block's batch tree
 * @param entry the batch entry (leaf data of the batch tree)
 * @param firstLogIndex log index of the batch's first transaction
 */
public record BlockBatch(long height, int position, BatchEntry entry, long firstLogIndex) {}
