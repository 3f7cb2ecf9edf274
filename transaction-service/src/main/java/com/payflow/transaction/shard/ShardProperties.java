package com.payflow.transaction.shard;

import com.payflow.contracts.routing.ShardRouter;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The shard databases ({@code urlTemplate} contains {@code {shard}}); DML login only. */
@ConfigurationProperties("payflow.shards")
public record ShardProperties(int count, String urlTemplate, String username, String password,
    int poolSize, String bucketTable) {

  private static final int MAX_POOL_SIZE = 64;

  /** Validates every bound, naming the property to change. */
  public ShardProperties {
    if (count < 1 || count > ShardRouter.MAX_SHARDS) {
      throw new IllegalArgumentException(
          "payflow.shards.count must be 1.." + ShardRouter.MAX_SHARDS + ", was " + count);
    }
    if (urlTemplate == null || !urlTemplate.contains("{shard}")) {
      throw new IllegalArgumentException("payflow.shards.url-template must contain {shard}");
    }
    if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          "payflow.shards.pool-size must be 1.." + MAX_POOL_SIZE + ", was " + poolSize);
    }
  }
}
