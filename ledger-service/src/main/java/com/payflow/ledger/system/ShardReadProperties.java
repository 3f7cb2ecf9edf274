package com.payflow.ledger.system;

import com.payflow.shards.ShardDatabases;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shard databases the ledger reads (SELECT only): {@code urlTemplate} contains {@code {shard}},
 * replaced by 0..count-1.
 */
@ConfigurationProperties("payflow.ledger.shards")
public record ShardReadProperties(
    int count, String urlTemplate, String username, String password, int poolSize) {

  private static final int MAX_POOL_SIZE = 16;

  /** Validates every bound, naming the property to change. */
  public ShardReadProperties {
    databases(count, urlTemplate, username, password, poolSize);
  }

  /** The shard databases with the ledger's read-only login (validated). */
  public ShardDatabases databases() {
    return databases(count, urlTemplate, username, password, poolSize);
  }

  private static ShardDatabases databases(
      int count, String urlTemplate, String username, String password, int poolSize) {
    return new ShardDatabases(
        "payflow.ledger.shards", count, urlTemplate, username, password, poolSize, MAX_POOL_SIZE);
  }
}
