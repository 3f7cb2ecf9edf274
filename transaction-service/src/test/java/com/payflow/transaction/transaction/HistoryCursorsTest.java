package com.payflow.transaction.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.account.AccountId;
import com.payflow.redis.RedisSession;
import com.payflow.transaction.system.ApiProblem;
import com.payflow.transaction.system.TransactionProperties;
import org.junit.jupiter.api.Test;

class HistoryCursorsTest {

  private static final AccountId ACCOUNT = new AccountId("alice-main");
  private final HistoryCursors cursors = cursors("");

  @Test
  void cursor_roundTripsEntryIdAndBalance() {
    var cursor = new HistoryCursors.Cursor(6_081, -42);
    assertThat(cursors.decode(ACCOUNT, cursors.encode(ACCOUNT, cursor))).isEqualTo(cursor);
  }

  @Test
  void cursor_ofAnotherAccountOrKey_isRefused() {
    String text = cursors.encode(ACCOUNT, new HistoryCursors.Cursor(10, 5));
    assertThatThrownBy(() -> cursors.decode(new AccountId("bob-main"), text))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("start without a cursor");
    assertThatThrownBy(() -> cursors("another-key").decode(ACCOUNT, text))
        .isInstanceOf(ApiProblem.class);
  }

  @Test
  void cursor_alteredOrMalformed_isRefused() {
    String text = cursors.encode(ACCOUNT, new HistoryCursors.Cursor(10, 5));
    char[] chars = text.toCharArray();
    chars[5] = chars[5] == 'A' ? 'B' : 'A';
    for (String bad : new String[] {new String(chars), "", "%%%", "AQ", text + text}) {
      assertThatThrownBy(() -> cursors.decode(ACCOUNT, bad)).as(bad).isInstanceOf(ApiProblem.class);
    }
  }

  private static HistoryCursors cursors(String key) {
    return new HistoryCursors(
        new QueryProperties(50, 500, 2, key),
        new TransactionProperties(
            RedisSession.Topology.STANDALONE,
            "redis://localhost:6379",
            1000,
            1000,
            "s",
            "o",
            1000,
            "0".repeat(64),
            "",
            3600));
  }
}
