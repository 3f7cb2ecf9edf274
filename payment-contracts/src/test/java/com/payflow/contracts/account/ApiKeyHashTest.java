package com.payflow.contracts.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyHashTest {

  @Test
  void of_isTheLowerCaseHexSha256_ofTheUtf8Key() {
    // sha256("abc"), FIPS 180-2 test vector
    assertThat(ApiKeyHash.of("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void matches_onlyTheRightKey_andNeverNull() {
    String hash = ApiKeyHash.of("secret");
    assertThat(ApiKeyHash.matches("secret", hash)).isTrue();
    assertThat(ApiKeyHash.matches("Secret", hash)).isFalse();
    assertThat(ApiKeyHash.matches(null, hash)).isFalse();
    assertThat(ApiKeyHash.matches("secret", null)).isFalse();
  }
}
