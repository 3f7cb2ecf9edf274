package com.payflow.ledger.verification;

import java.util.List;

/**
 * The result of a full verification.
 *
 * @param valid true when nothing was found
 * @param headHeight the head verified up to
 * @param blocksChecked blocks checked
 * @param batchesChecked batches checked
 * @param transactionsChecked shard rows recomputed and compared
 * @param pendingTransactions rows sealed on the shards but not in a block yet (not checked)
 * @param firstBrokenHeight first block with a problem
 * @param firstBrokenShard shard of the first broken batch
 * @param firstBrokenBatchSeq first broken batch
 * @param firstBrokenTransaction first broken transaction id
 * @param problems what was found, in chain order, at most max-reported-problems
 * @param problemsTruncated true when more problems existed than are listed
 * @param elapsedMs wall time taken
 * @param transactionsPerSecond throughput of the check
 */
public record VerificationReport(
    boolean valid,
    long headHeight,
    long blocksChecked,
    long batchesChecked,
    long transactionsChecked,
    long pendingTransactions,
    Long firstBrokenHeight,
    Integer firstBrokenShard,
    Long firstBrokenBatchSeq,
    String firstBrokenTransaction,
    List<Problem> problems,
    boolean problemsTruncated,
    long elapsedMs,
    long transactionsPerSecond) {}
