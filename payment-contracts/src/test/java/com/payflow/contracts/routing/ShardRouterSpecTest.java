package com.payflow.contracts.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ShardRouterSpecTest {

  @Test
  void blankSpec_isTheEvenSpread() {
    assertThat(ShardRouter.fromSpec("", 4).table()).isEqualTo(ShardRouter.evenlySpread(4).table());
  }

  @Test
  void spec_mapsRangesToShards() {
    ShardRouter router = ShardRouter.fromSpec("0-99:1, 100-1023:0", 2);
    assertThat(router.table()[0]).isEqualTo(1);
    assertThat(router.table()[99]).isEqualTo(1);
    assertThat(router.table()[100]).isZero();
    assertThat(router.shardCount()).isEqualTo(2);
  }

  @Test
  void spec_rejectsGapsOverlapsAndStrangers() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ShardRouter.fromSpec("0-1022:0", 1))
        .withMessageContaining("bucket 1023 has no shard");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ShardRouter.fromSpec("0-600:0,600-1023:1", 2))
        .withMessageContaining("assigned twice");
    assertThatIllegalArgumentException().isThrownBy(() -> ShardRouter.fromSpec("0-1023:2", 2));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ShardRouter.fromSpec("0-1023:0", 2))
        .withMessageContaining("addresses 1 shards but 2");
    assertThatIllegalArgumentException().isThrownBy(() -> ShardRouter.fromSpec("zero", 1));
  }
}
