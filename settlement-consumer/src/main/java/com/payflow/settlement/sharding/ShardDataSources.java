package com.payflow.settlement.sharding;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** One connection pool per shard database; migrates each shard's schema on start. */
public final class ShardDataSources implements AutoCloseable {

  private final List<HikariDataSource> pools = new ArrayList<>();

  /** Migrates every shard (migrator login) and opens the service pools. */
  public ShardDataSources(ShardProperties properties) {
    for (int shard = 0; shard < properties.count(); shard++) {
      migrate(properties, shard);
      pools.add(pool(properties, shard));
    }
  }

  /** The pool of {@code shard}. */
  public DataSource shard(int shard) {
    if (shard < 0 || shard >= pools.size()) {
      throw new IllegalArgumentException("no shard " + shard + " (0.." + (pools.size() - 1)
          + " configured by payflow.shards.count)");
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

  private static void migrate(ShardProperties properties, int shard) {
    Flyway.configure()
        .dataSource(properties.url(shard), properties.migratorUsername(),
            properties.migratorPassword())
        .locations("classpath:db/shard")
        .load()
        .migrate();
  }

  private static HikariDataSource pool(ShardProperties properties, int shard) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("shard-" + shard);
    config.setJdbcUrl(properties.url(shard));
    config.setUsername(properties.username());
    config.setPassword(properties.password());
    config.setMaximumPoolSize(properties.poolSize());
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    config.setConnectionTimeout(properties.connectionTimeoutMs());
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    return new HikariDataSource(config);
  }
}
