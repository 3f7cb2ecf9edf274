package com.payflow.contracts.routing;

import com.payflow.contracts.account.AccountId;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Maps accounts to shards through a fixed set of virtual buckets. An account's bucket never
 * changes; adding a shard means moving buckets in the table (and their rows), not rehashing.
 */
public final class ShardRouter {

  /** Number of virtual buckets; part of the contract, changing it moves every account. */
  public static final int BUCKET_COUNT = 1024;

  /** Upper bound on shards, so a bad table cannot allocate absurd pools. */
  public static final int MAX_SHARDS = 256;

  private final int[] shardOfBucket;
  private final int shardCount;

  private ShardRouter(int[] shardOfBucket) {
    this.shardOfBucket = shardOfBucket;
    this.shardCount = Arrays.stream(shardOfBucket).max().orElseThrow() + 1;
    for (int shard = 0; shard < shardCount; shard++) {
      final int wanted = shard;
      if (Arrays.stream(shardOfBucket).noneMatch(s -> s == wanted)) {
        throw new IllegalArgumentException("bucket table leaves shard " + shard + " empty");
      }
    }
  }

  /** Evenly spread contiguous bucket ranges over {@code shardCount} shards. */
  public static ShardRouter evenlySpread(int shardCount) {
    if (shardCount < 1 || shardCount > MAX_SHARDS) {
      throw new IllegalArgumentException(
          "shard count must be 1.." + MAX_SHARDS + ", was " + shardCount);
    }
    int[] table = new int[BUCKET_COUNT];
    for (int bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      table[bucket] = (int) ((long) bucket * shardCount / BUCKET_COUNT);
    }
    return new ShardRouter(table);
  }

  /** A router from an explicit bucket → shard table (length {@link #BUCKET_COUNT}). */
  public static ShardRouter fromTable(int[] shardOfBucket) {
    Objects.requireNonNull(shardOfBucket, "shardOfBucket");
    if (shardOfBucket.length != BUCKET_COUNT) {
      throw new IllegalArgumentException(
          "bucket table must have " + BUCKET_COUNT + " entries, had " + shardOfBucket.length);
    }
    for (int shard : shardOfBucket) {
      if (shard < 0 || shard >= MAX_SHARDS) {
        throw new IllegalArgumentException("shard number out of range 0.." + (MAX_SHARDS - 1)
            + ": " + shard);
      }
    }
    return new ShardRouter(shardOfBucket.clone());
  }

  /** The stable bucket of an account: CRC-32C of its UTF-8 id, modulo the bucket count. */
  public static int bucketOf(AccountId account) {
    CRC32C crc = new CRC32C();
    crc.update(account.utf8());
    return (int) (crc.getValue() % BUCKET_COUNT);
  }

  /** The shard that holds {@code account}. */
  public int shardOf(AccountId account) {
    return shardOfBucket[bucketOf(account)];
  }

  /** Number of shards the table addresses. */
  public int shardCount() {
    return shardCount;
  }

  /** A copy of the bucket table. */
  public int[] table() {
    return shardOfBucket.clone();
  }
}
