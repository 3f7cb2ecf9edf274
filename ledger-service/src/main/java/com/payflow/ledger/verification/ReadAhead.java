package com.payflow.ledger.verification;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;

/**
 * Windows of a range read keyed by their first key, the predicted next window read on another
 * thread while the caller checks the current one: the database and the row decoding (which
 * recomputes shard leaves) overlap with hashing instead of taking turns.
 */
final class ReadAhead<T> {

  private final LongFunction<List<T>> read;
  private final Executor executor;
  private long aheadStart;
  private CompletableFuture<List<T>> ahead;

  ReadAhead(LongFunction<List<T>> read, Executor executor) {
    this.read = read;
    this.executor = executor;
  }

  /** The window starting at {@code start}; then starts reading the one at {@code next}. */
  List<T> window(long start, long next) {
    // A window read ahead for another start (the caller jumped) is simply dropped.
    List<T> rows = ahead != null && aheadStart == start ? join(ahead) : read.apply(start);
    aheadStart = next;
    ahead = CompletableFuture.supplyAsync(() -> read.apply(next), executor);
    return rows;
  }

  private static <T> List<T> join(CompletableFuture<List<T>> future) {
    try {
      return future.join();
    } catch (CompletionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw failed;
    }
  }
}
