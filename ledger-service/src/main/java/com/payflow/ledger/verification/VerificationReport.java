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
 * @param accountsChecked accounts whose stored balance was compared with their books
 * @param entriesChecked entries compared with the postings of their transaction or credit leg
 * @param creditLegsChecked credit legs paired with the payment they carry out
 * @param openCreditLegs settled cross-shard payments whose credit leg is applied nowhere yet: in
 *     flight, or dead-lettered (their money waits in a clearing account; not a problem)
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
    long accountsChecked,
    long entriesChecked,
    long creditLegsChecked,
    long openCreditLegs,
    Long firstBrokenHeight,
    Integer firstBrokenShard,
    Long firstBrokenBatchSeq,
    String firstBrokenTransaction,
    List<Problem> problems,
    boolean problemsTruncated,
    long elapsedMs,
    long transactionsPerSecond) {}
