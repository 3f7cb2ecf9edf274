package com.payflow.transaction.shard;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.routing.ShardRouter;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A JdbcTemplate per shard, routed by the shared bucket table. */
@Component
public class Shards implements AutoCloseable {

  private final ShardRouter router;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final List<JdbcTemplate> templates = new ArrayList<>();

  Shards(ShardProperties properties) {
    this.router = ShardRouter.evenlySpread(properties.count());
    for (int shard = 0; shard < properties.count(); shard++) {
      HikariConfig config = new HikariConfig();
      config.setPoolName("shard-" + shard);
      config.setJdbcUrl(properties.urlTemplate().replace("{shard}", Integer.toString(shard)));
      config.setUsername(properties.username());
      config.setPassword(properties.password());
      config.setMaximumPoolSize(properties.poolSize());
      config.setMinimumIdle(1);
      HikariDataSource pool = new HikariDataSource(config);
      pools.add(pool);
      templates.add(new JdbcTemplate(pool));
    }
  }

  /** The shard of {@code account}. */
  public int shardOf(AccountId account) {
    return router.shardOf(account);
  }

  /** The template of the shard holding {@code account}. */
  public JdbcTemplate of(AccountId account) {
    return templates.get(router.shardOf(account));
  }

  /** The template of shard {@code shard}. */
  public JdbcTemplate shard(int shard) {
    return templates.get(shard);
  }

  /** Number of shards. */
  public int count() {
    return templates.size();
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
  }
}
