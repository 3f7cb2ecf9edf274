package com.payflow.settlement.sharding;

import com.payflow.shards.ShardPools;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** One connection pool per shard database; migrates each shard's schema on start. */
public final class ShardDataSources implements AutoCloseable {

  private final ShardPools pools;

  /** Migrates every shard (migrator login) and opens the service pools. */
  public ShardDataSources(ShardProperties properties) {
    for (int shard = 0; shard < properties.count(); shard++) {
      migrate(properties, shard);
    }
    this.pools =
        ShardPools.open(
            properties.databases(),
            "shard",
            config -> {
              config.setMinimumIdle(1);
              config.setAutoCommit(false);
              config.setConnectionTimeout(properties.connectionTimeoutMs());
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

  private static void migrate(ShardProperties properties, int shard) {
    Flyway.configure()
        .dataSource(
            properties.url(shard), properties.migratorUsername(), properties.migratorPassword())
        .locations("classpath:db/shard")
        .load()
        .migrate();
  }
}
