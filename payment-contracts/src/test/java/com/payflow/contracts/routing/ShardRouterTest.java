package com.payflow.contracts.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.account.AccountId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShardRouterTest {

  private static final String GOLDEN_BUCKETS = "/golden/shard-buckets.csv";

  /** One line of the golden file. */
  record GoldenBucket(String accountId, int bucket) {}

  static Stream<GoldenBucket> goldenBuckets() throws IOException {
    return readGoldenBuckets().stream();
  }

  @Test
  void goldenFile_coversTwentyAccounts() throws IOException {
    assertThat(readGoldenBuckets()).hasSize(20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenBuckets")
  void bucketOf_matchesTheCheckedInGoldenBucket(GoldenBucket golden) {
    assertThat(ShardRouter.bucketOf(new AccountId(golden.accountId()))).isEqualTo(golden.bucket());
  }

  @Test
  void bucketOf_isCrc32cOfTheStandardCheckInputModulo1024() {
    // CRC-32C("123456789") = 0xE3069283 (RFC 3720 check value); 0xE3069283 mod 1024 = 0x283.
    assertThat(ShardRouter.bucketOf(new AccountId("123456789"))).isEqualTo(0x283);
  }

  @Test
  void bucketOf_isCaseSensitive() {
    assertThat(ShardRouter.bucketOf(new AccountId("acc-alice")))
        .isNotEqualTo(ShardRouter.bucketOf(new AccountId("ACC-ALICE")));
  }

  @Test
  void bucketCount_is1024() {
    assertThat(ShardRouter.BUCKET_COUNT).isEqualTo(1024);
  }

  @Test
  void evenlySpread_fourShardsGetContiguousRangesOf256Buckets() {
    int[] table = ShardRouter.evenlySpread(4).table();

    assertThat(table).hasSize(ShardRouter.BUCKET_COUNT);
    for (int shard = 0; shard < 4; shard++) {
      int[] range = Arrays.copyOfRange(table, shard * 256, (shard + 1) * 256);
      int expectedShard = shard;
      assertThat(range)
          .as("buckets %d..%d", shard * 256, shard * 256 + 255)
          .containsOnly(expectedShard);
    }
  }

  @Test
  void evenlySpread_routesByTheBucketRange() {
    ShardRouter router = ShardRouter.evenlySpread(4);

    // Buckets (golden file): 706, 603, 76, 748, 816, 692, 324; shard = bucket / 256.
    assertThat(router.shardOf(new AccountId("acc-alice"))).isEqualTo(2);
    assertThat(router.shardOf(new AccountId("acc-bob"))).isEqualTo(2);
    assertThat(router.shardOf(new AccountId("ACC-ALICE"))).isEqualTo(0);
    assertThat(router.shardOf(new AccountId("clearing:USD"))).isEqualTo(2);
    assertThat(router.shardOf(new AccountId("a"))).isEqualTo(3);
    assertThat(router.shardOf(new AccountId("x.y_z-1"))).isEqualTo(2);
    assertThat(router.shardOf(new AccountId("user_42"))).isEqualTo(1);
  }

  @Test
  void evenlySpread_oneShardTakesEveryBucket() {
    ShardRouter router = ShardRouter.evenlySpread(1);

    assertThat(router.shardCount()).isEqualTo(1);
    assertThat(router.table()).containsOnly(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 7, 16, 100, 255, 256})
  void evenlySpread_leavesNoShardEmptyAndRangesContiguousAndBalanced(int shardCount) {
    ShardRouter router = ShardRouter.evenlySpread(shardCount);
    int[] table = router.table();
    int[] sizes = new int[shardCount];

    for (int bucket = 0; bucket < table.length; bucket++) {
      sizes[table[bucket]]++;
      if (bucket > 0) {
        assertThat(table[bucket] - table[bucket - 1])
            .as("step at bucket %d", bucket)
            .isBetween(0, 1);
      }
    }

    assertThat(router.shardCount()).isEqualTo(shardCount);
    assertThat(table[0]).isZero();
    assertThat(table[table.length - 1]).isEqualTo(shardCount - 1);
    assertThat(sizes).doesNotContain(0);
    int smallest = Arrays.stream(sizes).min().orElseThrow();
    int largest = Arrays.stream(sizes).max().orElseThrow();
    assertThat(largest - smallest).isLessThanOrEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, ShardRouter.MAX_SHARDS + 1, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void evenlySpread_rejectsShardCountsOutside1To256(int shardCount) {
    assertThatThrownBy(() -> ShardRouter.evenlySpread(shardCount))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard count");
  }

  @Test
  void fromTable_routesThroughTheGivenTable() {
    int[] table = IntStream.range(0, ShardRouter.BUCKET_COUNT).map(bucket -> bucket % 3).toArray();
    ShardRouter router = ShardRouter.fromTable(table);

    assertThat(router.shardCount()).isEqualTo(3);
    for (GoldenBucket golden : readGoldenBucketsUnchecked()) {
      assertThat(router.shardOf(new AccountId(golden.accountId())))
          .as(golden.accountId())
          .isEqualTo(golden.bucket() % 3);
    }
  }

  @Test
  void fromTable_copiesTheTableItWasGiven() {
    int[] table = new int[ShardRouter.BUCKET_COUNT];
    table[ShardRouter.BUCKET_COUNT - 1] = 1;
    ShardRouter router = ShardRouter.fromTable(table);

    Arrays.fill(table, 0);
    router.table()[ShardRouter.BUCKET_COUNT - 1] = 0;

    assertThat(router.table()[ShardRouter.BUCKET_COUNT - 1]).isEqualTo(1);
    assertThat(router.shardCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, ShardRouter.BUCKET_COUNT - 1, ShardRouter.BUCKET_COUNT + 1})
  void fromTable_rejectsATableOfTheWrongLength(int length) {
    assertThatThrownBy(() -> ShardRouter.fromTable(new int[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1024 entries")
        .hasMessageContaining("had " + length);
  }

  @Test
  void fromTable_rejectsNull() {
    assertThatThrownBy(() -> ShardRouter.fromTable(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE, ShardRouter.MAX_SHARDS})
  void fromTable_rejectsShardNumbersOutOfRange(int shard) {
    int[] table = new int[ShardRouter.BUCKET_COUNT];
    table[17] = shard;

    assertThatThrownBy(() -> ShardRouter.fromTable(table))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range")
        .hasMessageContaining(Integer.toString(shard));
  }

  @Test
  void fromTable_rejectsATableThatLeavesAShardEmpty() {
    int[] table = new int[ShardRouter.BUCKET_COUNT];
    table[ShardRouter.BUCKET_COUNT - 1] = 2;

    assertThatThrownBy(() -> ShardRouter.fromTable(table))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard 1 empty");
  }

  @Test
  void fromTable_acceptsTheHighestShardNumber() {
    int[] table = ShardRouter.evenlySpread(ShardRouter.MAX_SHARDS).table();

    assertThat(ShardRouter.fromTable(table).shardCount()).isEqualTo(ShardRouter.MAX_SHARDS);
  }

  private static List<GoldenBucket> readGoldenBucketsUnchecked() {
    try {
      return readGoldenBuckets();
    } catch (IOException unreadable) {
      throw new AssertionError(unreadable);
    }
  }

  private static List<GoldenBucket> readGoldenBuckets() throws IOException {
    try (InputStream in = ShardRouterTest.class.getResourceAsStream(GOLDEN_BUCKETS)) {
      assertThat(in).as(GOLDEN_BUCKETS).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .skip(1) // header
          .map(line -> line.split(",", -1))
          .map(fields -> new GoldenBucket(fields[0], Integer.parseInt(fields[1])))
          .toList();
    }
  }
}
