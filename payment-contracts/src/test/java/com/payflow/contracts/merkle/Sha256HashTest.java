package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256HashTest {

  private static final String HEX =
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";

  @Test
  void roundTripsThroughHex() {
    Sha256Hash hash = Sha256Hash.fromHex(HEX);

    assertThat(hash.hex()).isEqualTo(HEX);
    assertThat(hash.bytes()).isEqualTo(HexFormat.of().parseHex(HEX));
  }

  @Test
  void acceptsUppercaseHexButPrintsLowercase() {
    assertThat(Sha256Hash.fromHex(HEX.toUpperCase()).hex()).isEqualTo(HEX);
  }

  @Test
  void copiesTheArrayOnConstruction() {
    byte[] bytes = HexFormat.of().parseHex(HEX);
    Sha256Hash hash = new Sha256Hash(bytes);

    bytes[0] ^= 1;

    assertThat(hash.hex()).isEqualTo(HEX);
  }

  @Test
  void returnsACopyFromTheAccessor() {
    Sha256Hash hash = Sha256Hash.fromHex(HEX);

    hash.bytes()[0] ^= 1;

    assertThat(hash.hex()).isEqualTo(HEX);
  }

  @Test
  void comparesByContent() {
    Sha256Hash first = Sha256Hash.fromHex(HEX);
    Sha256Hash second = new Sha256Hash(HexFormat.of().parseHex(HEX));
    Sha256Hash other = TestLeaves.flipBit(first, Sha256Hash.LENGTH * Byte.SIZE - 1);

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(other);
    assertThat(first).isNotEqualTo(HEX);
  }

  @Test
  void printsTheHexInToString() {
    assertThat(Sha256Hash.fromHex(HEX)).hasToString("Sha256Hash[" + HEX + "]");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, Sha256Hash.LENGTH - 1, Sha256Hash.LENGTH + 1, 64})
  void rejectsAnyLengthOtherThan32Bytes(int length) {
    assertThatThrownBy(() -> new Sha256Hash(new byte[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly 32 bytes")
        .hasMessageContaining("got " + length);
  }

  @Test
  void rejectsNullBytes() {
    assertThatThrownBy(() -> new Sha256Hash(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("bytes");
  }

  @Test
  void rejectsNullHex() {
    assertThatThrownBy(() -> Sha256Hash.fromHex(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("hex");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "00", HEX + "00"})
  void rejectsHexOfTheWrongLength(String hex) {
    assertThatThrownBy(() -> Sha256Hash.fromHex(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex characters");
  }

  @Test
  void rejectsNonHexCharacters() {
    String notHex = "zz" + HEX.substring(2);

    assertThatThrownBy(() -> Sha256Hash.fromHex(notHex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid hexadecimal");
  }
}
