package com.payflow.contracts.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The layout is a contract between services and with the Lua scripts: pinned here. */
class RedisKeysTest {

  private static final AccountId ALICE = AccountId.of("alice-main");
  private static final TxId TX = new TxId(UUID.fromString("00000000-0000-0000-0000-000000000001"));

  @Test
  void layout() {
    assertThat(RedisKeys.balance(ALICE)).isEqualTo("{acct:alice-main}:bal");
    assertThat(RedisKeys.holds(ALICE)).isEqualTo("{acct:alice-main}:holds");
    assertThat(RedisKeys.released(ALICE)).isEqualTo("{acct:alice-main}:released");
    assertThat(RedisKeys.holdSeen(ALICE)).isEqualTo("{acct:alice-main}:holdseen");
    assertThat(RedisKeys.credited(ALICE, TX))
        .isEqualTo("{acct:alice-main}:cr:00000000-0000-0000-0000-000000000001");
    assertThat(RedisKeys.idempotency(ALICE, new ClientId("alice"), "ab12"))
        .isEqualTo("{acct:alice-main}:idem:alice:ab12");
    assertThat(RedisKeys.status(TX)).isEqualTo("{tx:00000000-0000-0000-0000-000000000001}");
    assertThat(RedisKeys.rebuildToken(RedisKeys.CACHE_READY))
        .isEqualTo("{payflow:cache:ready}:rebuilding");
  }

  @Test
  void everyKeyOfAnAccount_sharesItsHashTag_soOneScriptRunsOnOneClusterSlot() {
    String tag = RedisKeys.accountTag(ALICE);
    List<String> keys =
        List.of(
            RedisKeys.balance(ALICE),
            RedisKeys.holds(ALICE),
            RedisKeys.released(ALICE),
            RedisKeys.holdSeen(ALICE),
            RedisKeys.credited(ALICE, TX),
            RedisKeys.idempotency(ALICE, new ClientId("alice"), "ab12"));
    assertThat(keys).allSatisfy(key -> assertThat(hashTag(key)).isEqualTo("acct:alice-main"));
    assertThat(hashTag(tag)).isEqualTo("acct:alice-main");
  }

  /** The part Redis Cluster hashes: between the first { and the next }. */
  private static String hashTag(String key) {
    int open = key.indexOf('{');
    int close = key.indexOf('}', open + 1);
    return key.substring(open + 1, close);
  }
}
