package com.payflow.ledger.system;

import com.payflow.contracts.routing.ShardRouter;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shard databases the ledger reads (SELECT only): {@code urlTemplate} contains
 * {@code {shard}}, replaced by 0..count-1.
 */
@ConfigurationProperties("payflow.ledger.shards")
public record ShardReadProperties(
    int count, String urlTemplate, String username, String password, int poolSize) {

  private static final int MAX_POOL_SIZE = 16;

  /** Validates every bound, naming the property to change. */
  public ShardReadProperties {
    if (count < 1 || count > ShardRouter.MAX_SHARDS) {
      throw new IllegalArgumentException(
          "payflow.ledger.shards.count must be 1.." + ShardRouter.MAX_SHARDS + ", was " + count);
    }
    if (urlTemplate == null || !urlTemplate.contains("{shard}")) {
      throw new IllegalArgumentException(
          "payflow.ledger.shards.url-template must contain {shard}, was " + urlTemplate);
    }
    if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          "payflow.ledger.shards.pool-size must be 1.." + MAX_POOL_SIZE + ", was " + poolSize);
    }
  }

  /** JDBC URL of one shard. */
  public String url(int shard) {
    return urlTemplate.replace("{shard}", Integer.toString(shard));
  }
}
