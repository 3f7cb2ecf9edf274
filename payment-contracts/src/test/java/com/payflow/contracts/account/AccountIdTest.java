package com.payflow.contracts.account;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.json.EventJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

class AccountIdTest {

  private static final String ALLOWED_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-";

  /** A record carrying an account id, as the events do. */
  record Holder(AccountId account) {}

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "Z",
        "0",
        "_",
        ".",
        ":",
        "-",
        "acc-alice",
        "merchant:7",
        "clearing:EUR",
        "shop.eu:main_01"
      })
  void constructor_acceptsLettersDigitsAndUnderscoreDotColonHyphen(String value) {
    assertThat(new AccountId(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "a b",
        " a",
        "a ",
        "a/b",
        "a@b",
        "a{b",
        "a}b",
        "a*b",
        "a,b",
        "a;b",
        "a+b",
        "a#b",
        "a\tb",
        "a\nb",
        "a\n",
        "a\u0000b",
        "a%b",
        "\"a\""
      })
  void constructor_rejectsForbiddenCharacters(String value) {
    assertThatThrownBy(() -> new AccountId(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"café", "Ω", "ａ", "١", "acc\u00a0x", "acc\u200bx", "😀"})
  void constructor_rejectsNonAsciiCharacters(String value) {
    assertThatThrownBy(() -> new AccountId(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_rejectsNull() {
    assertThatThrownBy(() -> new AccountId(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_acceptsMaxLengthAndRejectsOneMore() {
    assertThat(new AccountId("a".repeat(AccountId.MAX_LENGTH)).value())
        .hasSize(AccountId.MAX_LENGTH);
    assertThatThrownBy(() -> new AccountId("a".repeat(AccountId.MAX_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-64");
  }

  @Test
  void maxLength_is64() {
    assertThat(AccountId.MAX_LENGTH).isEqualTo(64);
  }

  @Test
  void of_equalsTheConstructedId() {
    assertThat(AccountId.of("acc-1")).isEqualTo(new AccountId("acc-1"));
    assertThat(AccountId.of("acc-1")).isNotEqualTo(new AccountId("ACC-1"));
  }

  @Test
  void utf8_isTheAsciiBytesOfTheValue() {
    assertThat(new AccountId("acc:1").utf8()).containsExactly('a', 'c', 'c', ':', '1');
  }

  @Test
  void toString_isThePlainValue() {
    assertThat(new AccountId("acc-1")).hasToString("acc-1");
  }

  @Test
  void compareTo_ordersByValue() {
    assertThat(new AccountId("a")).isLessThan(new AccountId("b"));
    assertThat(new AccountId("B")).isLessThan(new AccountId("a"));
    assertThat(new AccountId("a")).isEqualByComparingTo(new AccountId("a"));
  }

  @Test
  void json_isAPlainString() {
    Holder holder = new Holder(new AccountId("merchant:7"));

    byte[] json = EventJson.write(holder);

    assertThat(new String(json, UTF_8)).isEqualTo("{\"account\":\"merchant:7\"}");
    assertThat(EventJson.read(json, Holder.class)).isEqualTo(holder);
    assertThat(new String(EventJson.write(new AccountId("acc-1")), UTF_8)).isEqualTo("\"acc-1\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"account\":\"\"}", "{\"account\":\"a b\"}", "{\"account\":\"café\"}"})
  void json_rejectsAnInvalidIdOnRead(String json) {
    assertThatThrownBy(() -> EventJson.read(json.getBytes(UTF_8), Holder.class))
        .isInstanceOf(JacksonException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void constructor_acceptsAndRoundTripsEveryAllowedString(@ForAll("allowedIds") String value) {
    Holder holder = new Holder(new AccountId(value));

    assertThat(EventJson.read(EventJson.write(holder), Holder.class)).isEqualTo(holder);
  }

  @Property
  void constructor_rejectsAnyShortEnoughStringWithOneForbiddenCharacter(
      @ForAll("allowedIdsWithRoomForOneMore") String value,
      @ForAll char forbidden,
      @ForAll @IntRange(max = AccountId.MAX_LENGTH - 1) int position) {
    Assume.that(ALLOWED_CHARACTERS.indexOf(forbidden) < 0);
    int at = Math.min(position, value.length());
    String withForbidden = value.substring(0, at) + forbidden + value.substring(at);

    assertThatThrownBy(() -> new AccountId(withForbidden))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Provide
  Arbitrary<String> allowedIds() {
    return Arbitraries.strings()
        .withChars(ALLOWED_CHARACTERS)
        .ofMinLength(1)
        .ofMaxLength(AccountId.MAX_LENGTH);
  }

  @Provide
  Arbitrary<String> allowedIdsWithRoomForOneMore() {
    return Arbitraries.strings()
        .withChars(ALLOWED_CHARACTERS)
        .ofMaxLength(AccountId.MAX_LENGTH - 1);
  }
}
