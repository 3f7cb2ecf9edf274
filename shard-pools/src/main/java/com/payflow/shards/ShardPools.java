package com.payflow.shards;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One HikariCP pool per shard database, named {@code <poolName>-<shard>}. The URL, login and size
 * come from {@link ShardDatabases}; {@code tuning} sets what differs between services (auto-commit,
 * read-only, minimum idle, timeouts, metrics).
 */
public final class ShardPools implements AutoCloseable {

  private final List<HikariDataSource> pools = new ArrayList<>();
  private final String prefix;

  private ShardPools(String prefix) {
    this.prefix = prefix;
  }

  /** Opens a pool per shard of {@code databases}. */
  public static ShardPools open(
      ShardDatabases databases, String poolName, Consumer<HikariConfig> tuning) {
    ShardPools shards = new ShardPools(databases.prefix());
    try {
      for (int shard = 0; shard < databases.count(); shard++) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName + "-" + shard);
        config.setJdbcUrl(databases.url(shard));
        config.setUsername(databases.username());
        config.setPassword(databases.password());
        config.setMaximumPoolSize(databases.poolSize());
        tuning.accept(config);
        shards.pools.add(new HikariDataSource(config));
      }
    } catch (RuntimeException failed) {
      shards.close();
      throw failed;
    }
    return shards;
  }

  /** The pool of {@code shard}. */
  public DataSource shard(int shard) {
    if (shard < 0 || shard >= pools.size()) {
      throw new IllegalArgumentException(
          "no shard "
              + shard
              + " (0.."
              + (pools.size() - 1)
              + " configured by "
              + prefix
              + ".count)");
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
