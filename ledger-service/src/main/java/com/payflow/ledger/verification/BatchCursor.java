package com.payflow.ledger.verification;

import com.payflow.ledger.chain.BlockBatch;
import com.payflow.ledger.chain.ChainStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The block batches in chain order, read {@code chunk} at a time (keyset on height, position)
 * instead of one query per block. Heights are asked for in ascending order; one that is not (a
 * tampered header naming another height) is read directly, as it was before.
 */
final class BatchCursor {

  private final ChainStore chain;
  private final int chunk;
  private final Deque<BlockBatch> buffer = new ArrayDeque<>();
  private long lastHeight = Long.MIN_VALUE;
  private int lastPosition = Integer.MIN_VALUE;
  private long lastAsked = Long.MIN_VALUE;

  BatchCursor(ChainStore chain, int chunk) {
    this.chain = chain;
    this.chunk = chunk;
  }

  /** The batches of block {@code height}, in block order. */
  List<BlockBatch> of(long height) {
    if (height <= lastAsked) {
      // The stream may have passed this height's batches already; nothing is lost this way.
      return chain.batchesOf(height);
    }
    lastAsked = height;
    List<BlockBatch> batches = new ArrayList<>();
    while (!buffer.isEmpty() || fill()) {
      BlockBatch next = buffer.peekFirst();
      if (next.height() > height) {
        break;
      }
      buffer.pollFirst();
      // Batches of heights not asked for are skipped; a later ask for one reads it directly.
      if (next.height() == height) {
        batches.add(next);
      }
    }
    return batches;
  }

  private boolean fill() {
    List<BlockBatch> page = chain.batchesAfter(lastHeight, lastPosition, chunk);
    if (page.isEmpty()) {
      return false;
    }
    buffer.addAll(page);
    lastHeight = page.getLast().height();
    lastPosition = page.getLast().position();
    return true;
  }
}
