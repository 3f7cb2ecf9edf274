package com.payflow.contracts.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ShardRouterPropertyTest {

  private static final String ALLOWED_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-";
  private static final int SAMPLE_SIZE = 100_000;
  private static final int SHARDS = 4;

  /** Each shard's share must be within ±5 % (relative) of the fair 25 %: 23,750..26,250. */
  private static final double TOLERANCE = 0.05;

  @Property
  void bucketOf_isInRangeAndStable(@ForAll("accountIds") AccountId account) {
    int bucket = ShardRouter.bucketOf(account);

    assertThat(bucket).isBetween(0, ShardRouter.BUCKET_COUNT - 1);
    assertThat(ShardRouter.bucketOf(new AccountId(account.value()))).isEqualTo(bucket);
  }

  @Property
  void shardOf_evenlySpreadIsTheBucketsShareOfTheRange(
      @ForAll("accountIds") AccountId account,
      @ForAll @IntRange(min = 1, max = ShardRouter.MAX_SHARDS) int shardCount) {
    int shard = ShardRouter.evenlySpread(shardCount).shardOf(account);

    assertThat(shard).isBetween(0, shardCount - 1);
    assertThat(shard)
        .isEqualTo(ShardRouter.bucketOf(account) * shardCount / ShardRouter.BUCKET_COUNT);
  }

  @Property(tries = 5)
  void shardOf_spreadsRandomIdsEvenlyOverFourShards(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ShardRouter router = ShardRouter.evenlySpread(SHARDS);
    int[] counts = new int[SHARDS];

    for (int i = 0; i < SAMPLE_SIZE; i++) {
      counts[router.shardOf(randomId(random))]++;
    }

    assertEvenlySpread(counts);
  }

  @Test
  void shardOf_spreadsSequentialIdsEvenlyOverFourShards() {
    ShardRouter router = ShardRouter.evenlySpread(SHARDS);
    int[] counts = new int[SHARDS];

    for (int i = 0; i < SAMPLE_SIZE; i++) {
      counts[router.shardOf(new AccountId("acc-" + i))]++;
    }

    assertEvenlySpread(counts);
  }

  private static void assertEvenlySpread(int[] counts) {
    double fair = (double) SAMPLE_SIZE / SHARDS;
    for (int shard = 0; shard < SHARDS; shard++) {
      assertThat((double) counts[shard])
          .as("accounts on shard %d of %s", shard, Arrays.toString(counts))
          .isBetween(fair * (1 - TOLERANCE), fair * (1 + TOLERANCE));
    }
  }

  private static AccountId randomId(SplittableRandom random) {
    int length = random.nextInt(1, AccountId.MAX_LENGTH + 1);
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALLOWED_CHARACTERS.charAt(random.nextInt(ALLOWED_CHARACTERS.length())));
    }
    return new AccountId(id.toString());
  }

  @Provide
  Arbitrary<AccountId> accountIds() {
    return Arbitraries.strings()
        .withChars(ALLOWED_CHARACTERS)
        .ofMinLength(1)
        .ofMaxLength(AccountId.MAX_LENGTH)
        .map(AccountId::new);
  }
}
