package com.payflow.ledger.shard;

import com.payflow.ledger.system.ShardReadProperties;
import com.payflow.shards.ShardPools;
import javax.sql.DataSource;

/** One small read-only pool per shard database (the ledger login has SELECT there only). */
public final class ShardReaders implements AutoCloseable {

  private final ShardPools pools;

  /** Opens the pools lazily: a shard that is down fails the read, not the start. */
  public ShardReaders(ShardReadProperties properties) {
    this.pools =
        ShardPools.open(
            properties.databases(),
            "shard-read",
            config -> {
              config.setMinimumIdle(0);
              config.setReadOnly(true);
              config.setInitializationFailTimeout(-1);
              config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            });
  }

  /** The pool of {@code shard}. */
  public DataSource shard(int shard) {
    return pools.shard(shard);
  }

  /** Number of shards. */
  public int count() {
    return pools.count();
  }

  @Override
  public void close() {
    pools.close();
  }
}
