package com.payflow.settlement.sharding;

import com.payflow.shards.ShardDatabases;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shard databases: {@code urlTemplate} contains {@code {shard}}, replaced by 0..count-1. The
 * migrator login (DDL) is used only by Flyway at start; the service login has DML only.
 */
@ConfigurationProperties("payflow.shards")
public record ShardProperties(
    int count,
    String urlTemplate,
    String username,
    String password,
    String migratorUsername,
    String migratorPassword,
    int poolSize,
    long connectionTimeoutMs,
    String bucketTable) {

  private static final int MAX_POOL_SIZE = 64;
  private static final long MIN_CONNECTION_TIMEOUT_MS = 250;
  private static final long MAX_CONNECTION_TIMEOUT_MS = 60_000;

  /** Validates every bound, naming the property to change. */
  public ShardProperties {
    databases(count, urlTemplate, username, password, poolSize);
    if (connectionTimeoutMs < MIN_CONNECTION_TIMEOUT_MS
        || connectionTimeoutMs > MAX_CONNECTION_TIMEOUT_MS) {
      throw new IllegalArgumentException(
          "payflow.shards.connection-timeout-ms must be "
              + MIN_CONNECTION_TIMEOUT_MS
              + ".."
              + MAX_CONNECTION_TIMEOUT_MS
              + ", was "
              + connectionTimeoutMs);
    }
  }

  /** The shard databases with the service login (validated). */
  public ShardDatabases databases() {
    return databases(count, urlTemplate, username, password, poolSize);
  }

  /** JDBC URL of one shard. */
  public String url(int shard) {
    return databases().url(shard);
  }

  private static ShardDatabases databases(
      int count, String urlTemplate, String username, String password, int poolSize) {
    return new ShardDatabases(
        "payflow.shards", count, urlTemplate, username, password, poolSize, MAX_POOL_SIZE);
  }
}
