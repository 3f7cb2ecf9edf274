package com.payflow.ledger.shard;

import com.payflow.ledger.system.ShardReadProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** One small read-only pool per shard database (the ledger login has SELECT there only). */
public final class ShardReaders implements AutoCloseable {

  private final List<HikariDataSource> pools = new ArrayList<>();

  /** Opens the pools lazily: a shard that is down fails the read, not the start. */
  public ShardReaders(ShardReadProperties properties) {
    for (int shard = 0; shard < properties.count(); shard++) {
      HikariConfig config = new HikariConfig();
      config.setPoolName("shard-read-" + shard);
      config.setJdbcUrl(properties.url(shard));
      config.setUsername(properties.username());
      config.setPassword(properties.password());
      config.setMaximumPoolSize(properties.poolSize());
      config.setMinimumIdle(0);
      config.setReadOnly(true);
      config.setInitializationFailTimeout(-1);
      config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
      pools.add(new HikariDataSource(config));
    }
  }

  /** The pool of {@code shard}. */
  public DataSource shard(int shard) {
    if (shard < 0 || shard >= pools.size()) {
      throw new IllegalArgumentException("no shard " + shard + " (0.." + (pools.size() - 1)
          + " configured by payflow.ledger.shards.count)");
    }
    return pools.get(shard);
  }

  /** Number of shards. */
  public int count() {
    return pools.size();
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
  }
}
