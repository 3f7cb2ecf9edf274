package com.payflow.transaction.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What one reconciliation run found and did. Counts are complete; the lists hold at most {@code
 * payflow.reconciliation.max-reported} entries each ({@code truncated} says if more).
 *
 * @param trigger {@code scheduled} or {@code operator}
 * @param outcome {@code completed}, {@code skipped} (cache rebuilding) or {@code failed}
 * @param projectionLag outcome records the projection had not applied at the start (-1: unknown)
 * @param repairsAllowed whether available balances could be repaired in this run (projection lag
 *     known and within bounds)
 * @param ledgerInconsistent accounts whose booked balance is not the sum of their entries, found
 *     among those the run would have written to the cache (drifting or missing ones): their cache
 *     was left alone
 */
public record ReconciliationReport(
    String trigger,
    String outcome,
    String detail,
    Instant startedAt,
    Instant finishedAt,
    long projectionLag,
    boolean repairsAllowed,
    long accountsChecked,
    long driftingAccounts,
    long driftAbsoluteSum,
    long repairsPostponed,
    long closedWithBalance,
    long ledgerInconsistent,
    long repairCount,
    List<Drift> drifts,
    List<Repair> repairs,
    List<LedgerInconsistency> ledgerInconsistencies,
    List<String> findings,
    boolean truncated) {

  /**
   * An account whose cached available balance differs from booked − open holds.
   *
   * @param drift available − (booked − holds); positive: the cache overstates the money
   * @param confirmed seen with the same drift and unchanged booked history in the previous run
   */
  public record Drift(
      String account, long available, long booked, long held, long drift, boolean confirmed) {}

  /**
   * One change reconciliation made to the cache.
   *
   * @param kind {@code available}, {@code status}, {@code owner}, {@code currency}, {@code
   *     missing}, {@code hold-decided} or {@code hold-released}
   */
  public record Repair(
      String account,
      String kind,
      String transactionId,
      long amount,
      String before,
      String after) {}

  /**
   * An account whose shard books a balance its own entries do not add up to: changed outside
   * settlement (or a bucket move without its entries). Nothing was written to its cache.
   *
   * @param booked {@code accounts.balance}
   * @param entriesSum Σ of its {@code entries} on that shard
   */
  public record LedgerInconsistency(
      String account, int shard, long booked, BigDecimal entriesSum) {}
}
