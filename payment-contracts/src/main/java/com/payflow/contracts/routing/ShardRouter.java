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
        throw new IllegalArgumentException(
            "shard number out of range 0.." + (MAX_SHARDS - 1) + ": " + shard);
      }
    }
    return new ShardRouter(shardOfBucket.clone());
  }

  /**
   * A router from a bucket-table spec such as {@code "0-511:0,512-1023:1"} (every bucket exactly
   * once), or {@link #evenlySpread} when the spec is blank. This is how a deployment moves buckets
   * to a new shard without touching code.
   */
  public static ShardRouter fromSpec(String spec, int shardCount) {
    if (spec == null || spec.isBlank()) {
      return evenlySpread(shardCount);
    }
    int[] table = new int[BUCKET_COUNT];
    Arrays.fill(table, -1);
    for (String range : spec.split(",")) {
      String[] parts = range.trim().split("[-:]");
      if (parts.length != 3) {
        throw new IllegalArgumentException("bucket range must look like 0-255:0, was " + range);
      }
      int from = Integer.parseInt(parts[0]);
      int to = Integer.parseInt(parts[1]);
      int shard = Integer.parseInt(parts[2]);
      if (from < 0 || to >= BUCKET_COUNT || from > to || shard < 0 || shard >= shardCount) {
        throw new IllegalArgumentException(
            "bucket range "
                + range
                + " outside 0.."
                + (BUCKET_COUNT - 1)
                + " or shard outside 0.."
                + (shardCount - 1));
      }
      for (int bucket = from; bucket <= to; bucket++) {
        if (table[bucket] != -1) {
          throw new IllegalArgumentException("bucket " + bucket + " assigned twice");
        }
        table[bucket] = shard;
      }
    }
    for (int bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      if (table[bucket] == -1) {
        throw new IllegalArgumentException("bucket " + bucket + " has no shard");
      }
    }
    ShardRouter router = new ShardRouter(table);
    if (router.shardCount() != shardCount) {
      throw new IllegalArgumentException(
          "bucket table addresses "
              + router.shardCount()
              + " shards but "
              + shardCount
              + " are configured");
    }
    return router;
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
