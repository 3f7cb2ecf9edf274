package com.payflow.ledger.chain;

import com.payflow.ledger.batch.PendingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides which of the pending batches form the next block. Pure and deterministic: apart from
 * closing an idle block, the decision depends only on the batches in topic order and their record
 * times, so replaying {@code ledger.batches} into an empty ledger cuts the same blocks.
 *
 * <p>Rule: event time {@code e(i) = max(e(i-1), recordTime(i))} is monotone (record times of
 * different settlement instances interleave). A block starts at its first pending batch and takes
 * the following batches while it has fewer than {@code maxBatches} batches, at most {@code
 * maxTransactions} transactions, and {@code e < e(first) + interval}. A batch that breaks one of
 * these starts the next block. When no next batch has arrived yet, the wall clock closes the block
 * {@code grace} after the end of its interval, and only when the listener is caught up with the
 * topic (a replay never closes on the clock mid-stream); a batch whose record time still falls in
 * that interval but is delivered later than the grace would be cut differently by a replay (see
 * docs/ledger.md, "Determinism").
 */
final class BlockCutter {

  private final long intervalMicros;
  private final long graceMicros;
  private final int maxBatches;
  private final long maxTransactions;

  BlockCutter(long intervalMicros, long graceMicros, int maxBatches, long maxTransactions) {
    this.intervalMicros = intervalMicros;
    this.graceMicros = graceMicros;
    this.maxBatches = maxBatches;
    this.maxTransactions = maxTransactions;
  }

  /** What the next block holds, and its timestamp (the event time of its last batch). */
  record Cut(List<PendingBatch> batches, long timestampMicros, Reason reason) {}

  /** Why a block was closed (for metrics and logs; not part of the header). */
  enum Reason {
    FULL,
    INTERVAL,
    IDLE
  }

  /**
   * The next block from {@code pending} (topic order; pass {@code maxBatches + 1} when there are
   * that many) after a block with timestamp {@code previousTimestampMicros} (0 before the first).
   * {@code caughtUp} says the listener had read to the end of the topic through the last pending
   * batch; only then may the wall clock close an idle block.
   */
  Optional<Cut> next(
      long previousTimestampMicros, List<PendingBatch> pending, long nowMicros, boolean caughtUp) {
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    PendingBatch first = pending.getFirst();
    long eventTime = Math.max(previousTimestampMicros, first.eventTimeMicros());
    long deadline = eventTime + intervalMicros;
    List<PendingBatch> taken = new ArrayList<>();
    taken.add(first);
    long transactions = first.count();
    for (int i = 1; i < pending.size(); i++) {
      PendingBatch next = pending.get(i);
      long nextTime = Math.max(eventTime, next.eventTimeMicros());
      if (taken.size() >= maxBatches || transactions + next.count() > maxTransactions) {
        return Optional.of(new Cut(List.copyOf(taken), eventTime, Reason.FULL));
      }
      if (nextTime >= deadline) {
        return Optional.of(new Cut(List.copyOf(taken), eventTime, Reason.INTERVAL));
      }
      taken.add(next);
      transactions += next.count();
      eventTime = nextTime;
    }
    if (taken.size() >= maxBatches || transactions >= maxTransactions) {
      return Optional.of(new Cut(List.copyOf(taken), eventTime, Reason.FULL));
    }
    if (caughtUp && nowMicros >= deadline + graceMicros) {
      return Optional.of(new Cut(List.copyOf(taken), eventTime, Reason.IDLE));
    }
    return Optional.empty();
  }
}
