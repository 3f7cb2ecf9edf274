package com.payflow.ledger.verification;

import com.payflow.ledger.chain.ChainStore;
import com.payflow.ledger.chain.LogLeaf;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The log leaves, read in windows of {@code chunk} consecutive log indices. Verification asks for
 * the batches' leaf ranges in log order, so every leaf is read once; a range elsewhere (a tampered
 * first_log_index) moves the window there and gives exactly the stored leaves.
 */
final class LeafCursor {

  private final ReadAhead<LogLeaf> reads;
  private final int chunk;
  private List<LogLeaf> window = List.of();
  private long windowStart;
  private long windowEnd;

  LeafCursor(ChainStore chain, int chunk, Executor readAhead) {
    this.reads = new ReadAhead<>(from -> chain.leaves(from, chunk), readAhead);
    this.chunk = chunk;
  }

  /** Calls {@code action} for every stored leaf with {@code from <= log_index < to}, in order. */
  void forEach(long from, long to, Consumer<LogLeaf> action) {
    long next = from;
    while (next < to) {
      if (next < windowStart || next >= windowEnd) {
        window = reads.window(next, next + chunk);
        windowStart = next;
        windowEnd = next + chunk;
      }
      long stop = Math.min(to, windowEnd);
      for (int i = firstAtOrAfter(next);
          i < window.size() && window.get(i).logIndex() < stop;
          i++) {
        action.accept(window.get(i));
      }
      next = stop;
    }
  }

  /** Index in the window of the first leaf at or after {@code logIndex} (the window is sorted). */
  private int firstAtOrAfter(long logIndex) {
    int low = 0;
    int high = window.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (window.get(middle).logIndex() < logIndex) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
