package com.payflow.ledger.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Block production and API limits. Every bound is checked here and the message names the property
 * to change.
 *
 * @param batchesTopic the single-partition topic of sealed batches
 * @param blockIntervalMs event-time span of one block: a block takes batches whose (monotone)
 *     record time is below its first batch's time + this
 * @param blockCloseGraceMs how long after its interval an open block waits for late batches before
 *     it is closed by the wall clock
 * @param maxBatchesPerBlock a block is cut when it has this many batches
 * @param maxTransactionsPerBlock a batch that would push a block beyond this starts the next
 * @param producerPollMs how often the producer looks for new batches
 * @param maxPageSize largest {@code limit} of {@code GET /api/v1/blocks}
 * @param maxExportTransactions largest log an export may carry (it lists every leaf)
 * @param maxReportedProblems problems a verification report lists before it stops collecting
 */
@ConfigurationProperties("payflow.ledger")
public record LedgerProperties(
    String batchesTopic,
    long blockIntervalMs,
    long blockCloseGraceMs,
    int maxBatchesPerBlock,
    int maxTransactionsPerBlock,
    long producerPollMs,
    int maxPageSize,
    long maxExportTransactions,
    int maxReportedProblems) {

  private static final long MAX_INTERVAL_MS = 60_000;
  private static final int MAX_BATCHES = 10_000;
  private static final int MAX_TRANSACTIONS = 1_000_000;
  private static final int MAX_PAGE = 1_000;
  private static final long MAX_EXPORT = 10_000_000;
  private static final int MAX_PROBLEMS = 10_000;

  /** Validates the configuration. */
  public LedgerProperties {
    if (batchesTopic == null || batchesTopic.isBlank()) {
      throw new IllegalArgumentException("payflow.ledger.batches-topic must be set");
    }
    requireRange("block-interval-ms", blockIntervalMs, 1, MAX_INTERVAL_MS);
    requireRange("block-close-grace-ms", blockCloseGraceMs, 0, MAX_INTERVAL_MS);
    requireRange("max-batches-per-block", maxBatchesPerBlock, 1, MAX_BATCHES);
    requireRange("max-transactions-per-block", maxTransactionsPerBlock, 1, MAX_TRANSACTIONS);
    requireRange("producer-poll-ms", producerPollMs, 1, MAX_INTERVAL_MS);
    requireRange("max-page-size", maxPageSize, 1, MAX_PAGE);
    requireRange("max-export-transactions", maxExportTransactions, 1, MAX_EXPORT);
    requireRange("max-reported-problems", maxReportedProblems, 1, MAX_PROBLEMS);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "payflow.ledger." + name + " must be " + min + ".." + max + ", was " + value);
    }
  }
}
