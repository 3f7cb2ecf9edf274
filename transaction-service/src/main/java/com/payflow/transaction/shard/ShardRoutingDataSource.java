package com.payflow.transaction.shard;

import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * The single DataSource JPA sees: it hands out a connection of the shard selected in {@link
 * ShardContext}. No default target on purpose: JPA work without a selected shard is a bug and fails
 * loudly instead of silently reading shard 0.
 */
final class ShardRoutingDataSource extends AbstractRoutingDataSource {

  ShardRoutingDataSource(Shards shards) {
    Map<Object, Object> targets = new HashMap<>();
    for (int shard = 0; shard < shards.count(); shard++) {
      targets.put(shard, shards.dataSource(shard));
    }
    setTargetDataSources(targets);
    setLenientFallback(false);
  }

  @Override
  protected Object determineCurrentLookupKey() {
    return ShardContext.current();
  }

  @Override
  protected DataSource determineTargetDataSource() {
    if (ShardContext.current() == null) {
      throw new IllegalStateException(
          "JPA access without a selected shard: run it inside " + "ShardReads.on(shard, ...)");
    }
    return super.determineTargetDataSource();
  }
}
