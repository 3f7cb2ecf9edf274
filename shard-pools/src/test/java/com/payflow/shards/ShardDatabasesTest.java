package com.payflow.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardDatabasesTest {

  private static final String URL = "jdbc:mysql://127.0.0.1:3306/payflow_shard_{shard}";

  @Test
  void urlsPerShard() {
    ShardDatabases databases = new ShardDatabases("payflow.shards", 4, URL, "u", "p", 4, 64);
    assertThat(databases.url(3)).isEqualTo("jdbc:mysql://127.0.0.1:3306/payflow_shard_3");
  }

  @Test
  void everyBound_namesThePropertyToChange() {
    assertThatThrownBy(() -> new ShardDatabases("payflow.ledger.shards", 0, URL, "u", "p", 2, 16))
        .hasMessage("payflow.ledger.shards.count must be 1..256, was 0");
    assertThatThrownBy(
            () -> new ShardDatabases("payflow.shards", 4, "jdbc:mysql://db/x", "u", "p", 4, 64))
        .hasMessageContaining("payflow.shards.url-template must contain {shard}");
    assertThatThrownBy(() -> new ShardDatabases("payflow.shards", 4, URL, "u", "p", 65, 64))
        .hasMessage("payflow.shards.pool-size must be 1..64, was 65");
  }

  @Test
  void aShardOutsideTheConfiguredOnes_isRefusedByName() {
    try (ShardPools pools =
        ShardPools.open(
            new ShardDatabases("payflow.shards", 1, URL, "u", "p", 1, 64),
            "test",
            config -> {
              config.setInitializationFailTimeout(-1);
              config.setMinimumIdle(0);
            })) {
      assertThat(pools.count()).isEqualTo(1);
      assertThatThrownBy(() -> pools.shard(1))
          .hasMessage("no shard 1 (0..0 configured by payflow.shards.count)");
    }
  }
}
