package com.payflow.transaction.shard;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.routing.ShardRouter;
import com.payflow.shards.ShardPools;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One HikariCP pool per shard, routed by the shared bucket table. Writes (open, close) use the
 * per-shard {@link JdbcTemplate}s; JPA reads reach the same pools through {@link ShardReads}.
 */
@Component
public class Shards implements AutoCloseable {

  private final ShardRouter router;
  private final ShardPools pools;
  private final List<JdbcTemplate> templates = new ArrayList<>();

  Shards(ShardProperties properties, ObjectProvider<MeterRegistry> meters) {
    this.router = ShardRouter.fromSpec(properties.bucketTable(), properties.count());
    MeterRegistry registry = meters.getIfAvailable();
    this.pools =
        ShardPools.open(
            properties.databases(),
            "shard",
            config -> {
              config.setMinimumIdle(1);
              if (registry != null) {
                // hikaricp_connections_* per pool ("shard-N"): the pools are not beans, so Boot's
                // DataSource metrics do not see them.
                config.setMetricRegistry(registry);
              }
            });
    for (int shard = 0; shard < pools.count(); shard++) {
      templates.add(new JdbcTemplate(pools.shard(shard)));
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

  /** The pool of shard {@code shard}. */
  DataSource dataSource(int shard) {
    return pools.shard(shard);
  }

  /** Number of shards. */
  public int count() {
    return templates.size();
  }

  @Override
  public void close() {
    pools.close();
  }
}
