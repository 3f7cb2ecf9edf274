package com.payflow.ledger.verification;

import com.payflow.ledger.shard.ShardRow;
import com.payflow.ledger.shard.ShardRows;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One shard's rows, read in windows of {@code chunk} consecutive shard sequences. Blocked rows are
 * asked for in shard sequence order, so every row is read once; a position elsewhere (a reordered
 * or tampered leaf) moves the window there.
 */
final class ShardCursor {

  private final ReadAhead<ShardRow> reads;
  private final int chunk;
  private List<ShardRow> window = List.of();
  private long windowStart;
  private long windowEnd;
  private int hint;

  ShardCursor(ShardRows shardRows, int shard, int chunk, Executor readAhead) {
    this.reads = new ReadAhead<>(from -> shardRows.range(shard, from, from + chunk - 1), readAhead);
    this.chunk = chunk;
  }

  /** The row at {@code shardSeq}, or null when the shard has none there. */
  ShardRow row(long shardSeq) {
    if (shardSeq < windowStart || shardSeq >= windowEnd) {
      window = reads.window(shardSeq, shardSeq + chunk);
      windowStart = shardSeq;
      windowEnd = shardSeq + chunk;
      hint = 0;
    }
    // Sequential reads hit the hint; anything else is a binary search in the sorted window.
    if (hint < window.size() && window.get(hint).shardSeq() == shardSeq) {
      return window.get(hint++);
    }
    int low = 0;
    int high = window.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      long seq = window.get(middle).shardSeq();
      if (seq < shardSeq) {
        low = middle + 1;
      } else if (seq > shardSeq) {
        high = middle - 1;
      } else {
        hint = middle + 1;
        return window.get(middle);
      }
    }
    return null;
  }
}
