package com.payflow.transaction.shard;

import com.payflow.shards.ShardDatabases;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The shard databases ({@code urlTemplate} contains {@code {shard}}); DML login only. */
@ConfigurationProperties("payflow.shards")
public record ShardProperties(
    int count,
    String urlTemplate,
    String username,
    String password,
    int poolSize,
    String bucketTable) {

  private static final int MAX_POOL_SIZE = 64;

  /** Validates every bound, naming the property to change. */
  public ShardProperties {
    databases(count, urlTemplate, username, password, poolSize);
  }

  /** The shard databases with the service login (validated). */
  public ShardDatabases databases() {
    return databases(count, urlTemplate, username, password, poolSize);
  }

  private static ShardDatabases databases(
      int count, String urlTemplate, String username, String password, int poolSize) {
    return new ShardDatabases(
        "payflow.shards", count, urlTemplate, username, password, poolSize, MAX_POOL_SIZE);
  }
}
