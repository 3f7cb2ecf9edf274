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

class ClientIdTest {

  private static final int MAX_LENGTH = 64;

  private static final String ALLOWED_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";

  /** A record carrying a client id, as the events do. */
  record Holder(ClientId client) {}

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "0", "_", ".", "-", "alice", "shop.eu-01", "ACME_Corp"})
  void constructor_acceptsLettersDigitsAndUnderscoreDotHyphen(String value) {
    assertThat(new ClientId(value).value()).isEqualTo(value);
  }

  @Test
  void constructor_rejectsTheColonThatAccountIdsAllow() {
    // Client ids are joined with ':' inside Redis idempotency keys, so they must not contain it.
    assertThat(new AccountId("shop:eu").value()).isEqualTo("shop:eu");
    assertThatThrownBy(() -> new ClientId("shop:eu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client id");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "a b",
        "a/b",
        "a@b",
        "a{b",
        "a}b",
        "a*b",
        "a\tb",
        "a\nb",
        "a\u0000b",
        "a:b",
        "\"a\""
      })
  void constructor_rejectsForbiddenCharacters(String value) {
    assertThatThrownBy(() -> new ClientId(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"café", "Ω", "ａlice", "١", "ali\u200bce", "😀"})
  void constructor_rejectsNonAsciiCharacters(String value) {
    assertThatThrownBy(() -> new ClientId(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_rejectsNull() {
    assertThatThrownBy(() -> new ClientId(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_acceptsMaxLengthAndRejectsOneMore() {
    assertThat(new ClientId("c".repeat(MAX_LENGTH)).value()).hasSize(MAX_LENGTH);
    assertThatThrownBy(() -> new ClientId("c".repeat(MAX_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-64");
  }

  @Test
  void of_equalsTheConstructedId() {
    assertThat(ClientId.of("alice")).isEqualTo(new ClientId("alice"));
    assertThat(ClientId.of("alice")).isNotEqualTo(new ClientId("Alice"));
  }

  @Test
  void json_isAPlainString() {
    Holder holder = new Holder(new ClientId("alice"));

    byte[] json = EventJson.write(holder);

    assertThat(new String(json, UTF_8)).isEqualTo("{\"client\":\"alice\"}");
    assertThat(EventJson.read(json, Holder.class)).isEqualTo(holder);
    assertThat(new String(EventJson.write(new ClientId("bob")), UTF_8)).isEqualTo("\"bob\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"client\":\"\"}", "{\"client\":\"a:b\"}", "{\"client\":\"Ω\"}"})
  void json_rejectsAnInvalidIdOnRead(String json) {
    assertThatThrownBy(() -> EventJson.read(json.getBytes(UTF_8), Holder.class))
        .isInstanceOf(JacksonException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void constructor_acceptsAndRoundTripsEveryAllowedString(@ForAll("allowedIds") String value) {
    Holder holder = new Holder(new ClientId(value));

    assertThat(EventJson.read(EventJson.write(holder), Holder.class)).isEqualTo(holder);
  }

  @Property
  void constructor_rejectsAnyShortEnoughStringWithOneForbiddenCharacter(
      @ForAll("allowedIdsWithRoomForOneMore") String value,
      @ForAll char forbidden,
      @ForAll @IntRange(max = MAX_LENGTH - 1) int position) {
    Assume.that(ALLOWED_CHARACTERS.indexOf(forbidden) < 0);
    int at = Math.min(position, value.length());
    String withForbidden = value.substring(0, at) + forbidden + value.substring(at);

    assertThatThrownBy(() -> new ClientId(withForbidden))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Provide
  Arbitrary<String> allowedIds() {
    return Arbitraries.strings()
        .withChars(ALLOWED_CHARACTERS)
        .ofMinLength(1)
        .ofMaxLength(MAX_LENGTH);
  }

  @Provide
  Arbitrary<String> allowedIdsWithRoomForOneMore() {
    return Arbitraries.strings().withChars(ALLOWED_CHARACTERS).ofMaxLength(MAX_LENGTH - 1);
  }
}
