package com.payflow.settlement.sharding;

import com.payflow.contracts.routing.ShardRouter;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shard databases: {@code urlTemplate} contains {@code {shard}}, replaced by 0..count-1.
 * The migrator login (DDL) is used only by Flyway at start; the service login has DML only.
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

  /** Validates every bound, naming the property to change. */
  public ShardProperties {
    if (count < 1 || count > ShardRouter.MAX_SHARDS) {
      throw new IllegalArgumentException(
          "payflow.shards.count must be 1.." + ShardRouter.MAX_SHARDS + ", was " + count);
    }
    if (urlTemplate == null || !urlTemplate.contains("{shard}")) {
      throw new IllegalArgumentException(
          "payflow.shards.url-template must contain {shard}, was " + urlTemplate);
    }
    if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          "payflow.shards.pool-size must be 1.." + MAX_POOL_SIZE + ", was " + poolSize);
    }
    if (connectionTimeoutMs < 250 || connectionTimeoutMs > 60_000) {
      throw new IllegalArgumentException(
          "payflow.shards.connection-timeout-ms must be 250..60000, was " + connectionTimeoutMs);
    }
  }

  /** JDBC URL of one shard. */
  public String url(int shard) {
    return urlTemplate.replace("{shard}", Integer.toString(shard));
  }
}
