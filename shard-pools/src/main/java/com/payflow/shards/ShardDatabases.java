package com.payflow.shards;

import com.payflow.contracts.routing.ShardRouter;

/**
 * Where the shard databases are and how a service logs in: {@code urlTemplate} contains {@code
 * {shard}}, replaced by 0..count-1. Validated here for every service, each failure naming the
 * property under {@code prefix} (e.g. {@code payflow.shards}) to change.
 *
 * @param prefix the properties' prefix, for the messages
 * @param count number of shards
 * @param urlTemplate JDBC URL with {@code {shard}}
 * @param username the service's login on every shard
 * @param password its password
 * @param poolSize connections per shard, at most {@code maxPoolSize}
 * @param maxPoolSize the service's bound on {@code poolSize}
 */
public record ShardDatabases(
    String prefix,
    int count,
    String urlTemplate,
    String username,
    String password,
    int poolSize,
    int maxPoolSize) {

  /** The placeholder of the shard number in the URL template. */
  public static final String PLACEHOLDER = "{shard}";

  /** Validates every bound. */
  public ShardDatabases {
    require(
        count >= 1 && count <= ShardRouter.MAX_SHARDS,
        prefix + ".count must be 1.." + ShardRouter.MAX_SHARDS + ", was " + count);
    require(
        urlTemplate != null && urlTemplate.contains(PLACEHOLDER),
        prefix + ".url-template must contain " + PLACEHOLDER + ", was " + urlTemplate);
    require(
        poolSize >= 1 && poolSize <= maxPoolSize,
        prefix + ".pool-size must be 1.." + maxPoolSize + ", was " + poolSize);
  }

  /** JDBC URL of {@code shard}. */
  public String url(int shard) {
    return urlTemplate.replace(PLACEHOLDER, Integer.toString(shard));
  }

  private static void require(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }
}
