package com.payflow.settlement.sharding;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one task per shard concurrently (virtual threads): each shard is its own database and its
 * own transaction, so a poll's groups need not wait for each other. If any task fails, the first
 * failure is rethrown after all finished; shards that committed become replays on retry.
 */
public final class PerShard {

  /** A unit of work on one shard. */
  @FunctionalInterface
  public interface ShardTask<I, O> {
    /** Does the work of {@code shard}. */
    O run(int shard, I input) throws SQLException;
  }

  private PerShard() {}

  /** Runs {@code task} for every entry, in parallel; results in the map's iteration order. */
  public static <I, O> List<O> run(Map<Integer, I> inputs, ShardTask<I, O> task)
      throws SQLException {
    if (inputs.size() == 1) {
      var only = inputs.entrySet().iterator().next();
      return List.of(task.run(only.getKey(), only.getValue()));
    }
    List<Future<O>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Map.Entry<Integer, I> input : inputs.entrySet()) {
        futures.add(executor.submit(() -> task.run(input.getKey(), input.getValue())));
      }
    }
    List<O> results = new ArrayList<>(futures.size());
    Throwable failure = null;
    for (Future<O> future : futures) {
      try {
        results.add(future.get());
      } catch (ExecutionException failed) {
        failure = failure == null ? failed.getCause() : failure;
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while settling shards", interrupted);
      }
    }
    if (failure instanceof SQLException sql) {
      throw sql;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure != null) {
      throw new IllegalStateException("shard task failed", failure);
    }
    return results;
  }
}
