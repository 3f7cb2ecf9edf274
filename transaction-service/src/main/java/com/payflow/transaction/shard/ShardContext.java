package com.payflow.transaction.shard;

/**
 * The shard the current thread's JPA work runs on. Set only by {@link ShardReads}; read by the
 * routing DataSource when a transaction asks for its connection. A plain thread-local: requests run
 * on virtual threads, one per request, so nothing leaks between requests as long as every setter
 * restores the previous value (ShardReads does, in a finally block).
 */
final class ShardContext {

  private static final ThreadLocal<Integer> CURRENT = new ThreadLocal<>();

  private ShardContext() {}

  /** The selected shard, or null. */
  static Integer current() {
    return CURRENT.get();
  }

  /** Selects {@code shard} (null clears) and returns the previous selection. */
  static Integer select(Integer shard) {
    Integer previous = CURRENT.get();
    if (shard == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(shard);
    }
    return previous;
  }
}
