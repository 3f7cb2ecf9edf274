package com.payflow.transaction.reconciliation;

import java.time.Instant;
import java.util.List;

/**
 * What one reconciliation run found and did. Counts are complete; the lists hold at most
 * {@code payflow.reconciliation.max-reported} entries each ({@code truncated} says if more).
 *
 * @param trigger {@code scheduled} or {@code operator}
 * @param outcome {@code completed}, {@code skipped} (cache rebuilding) or {@code failed}
 * @param projectionLag outcome records the projection had not applied at the start (-1:
 *     unknown)
 * @param repairsAllowed whether available balances could be repaired in this run (projection
 *     lag known and within bounds)
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
    long repairCount,
    List<Drift> drifts,
    List<Repair> repairs,
    List<String> findings,
    boolean truncated) {

  /**
   * An account whose cached available balance differs from booked − open holds.
   *
   * @param drift available − (booked − holds); positive: the cache overstates the money
   * @param confirmed seen with the same drift and unchanged booked history in the previous run
   */
  public record Drift(String account, long available, long booked, long held, long drift,
      boolean confirmed) {}

  /**
   * One change reconciliation made to the cache.
   *
   * @param kind {@code available}, {@code status}, {@code owner}, {@code currency},
   *     {@code missing}, {@code hold-decided} or {@code hold-released}
   */
  public record Repair(String account, String kind, String transactionId, long amount,
      String before, String after) {}
}
