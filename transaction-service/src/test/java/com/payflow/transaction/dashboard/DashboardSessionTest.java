package com.payflow.transaction.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sealed login cookie. */
class DashboardSessionTest {

  private static final String KEY = "op-0123456789abcdef";
  private static final String HASH = DashboardSession.sha256Hex(KEY);

  @Test
  void sealedLogin_opensToTheKeyUntilItExpires() {
    DashboardSession session = new DashboardSession("", HASH);
    String cookie = session.seal(KEY, 10_000);
    assertThat(cookie).doesNotContain(KEY).matches("[A-Za-z0-9_-]+");
    assertThat(session.open(cookie, 9_999)).contains(KEY);
    assertThat(session.open(cookie, 10_001)).isEmpty();
    assertThat(session.seal(KEY, 10_000)).as("fresh nonce").isNotEqualTo(cookie);
  }

  @Test
  void otherInstanceWithTheSameOperatorKeyAcceptsIt_otherSecretsOrRotatedKeysDoNot() {
    String cookie = new DashboardSession("", HASH).seal(KEY, 10_000);
    assertThat(new DashboardSession("", HASH).open(cookie, 0)).contains(KEY);
    assertThat(new DashboardSession("configured", HASH).open(cookie, 0)).isEmpty();
    String rotatedHash = DashboardSession.sha256Hex("op-new-key");
    assertThat(new DashboardSession("", rotatedHash).open(cookie, 0)).isEmpty();
    DashboardSession configured = new DashboardSession("configured", rotatedHash);
    assertThat(configured.open(configured.seal(KEY, 10_000), 0))
        .as("a key that is no longer the operator's")
        .isEmpty();
  }

  @Test
  void tamperedOrMalformedCookies_areRefused() {
    DashboardSession session = new DashboardSession("", HASH);
    String cookie = session.seal(KEY, 10_000);
    char last = cookie.charAt(cookie.length() - 2);
    String tampered =
        cookie.substring(0, cookie.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + cookie.charAt(cookie.length() - 1);
    assertThat(session.open(tampered, 0)).isEmpty();
    assertThat(session.open("", 0)).isEmpty();
    assertThat(session.open("not base64 !!", 0)).isEmpty();
    assertThat(session.open(null, 0)).isEmpty();
    assertThat(session.open("x".repeat(2_000), 0)).isEmpty();
  }

  @Test
  void operatorKeyCheck() {
    DashboardSession session = new DashboardSession("", HASH);
    assertThat(session.isOperatorKey(KEY)).isTrue();
    assertThat(session.isOperatorKey(KEY + " ")).isFalse();
    assertThat(session.isOperatorKey(null)).isFalse();
    assertThat(session.isOperatorKey("")).isFalse();
    assertThat(session.isOperatorKey("k".repeat(200))).isFalse();
  }
}
