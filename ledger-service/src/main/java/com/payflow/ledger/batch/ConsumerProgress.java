package com.payflow.ledger.batch;

import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * How far the batch listener has read and whether it had then reached the end of the partition. The
 * producer may only close an idle block when the listener is caught up: during a replay (or any
 * backlog) the wall clock is far past every record time, and closing on it would cut blocks where
 * the live producer did not.
 */
@Component
public class ConsumerProgress {

  private static final long NONE = -1;

  private volatile long lastOffset = NONE;
  private volatile boolean atEnd;

  /** Called after the record at {@code offset} is committed, with the partition end then. */
  void seen(long offset, OptionalLong endOffset) {
    lastOffset = offset;
    atEnd = endOffset.isPresent() && offset + 1 >= endOffset.getAsLong();
  }

  /** True when every record up to the partition end is recorded, through {@code offset}. */
  public boolean caughtUpThrough(long offset) {
    return atEnd && lastOffset >= offset;
  }
}
