package com.payflow.contracts.money;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.json.EventJson;
import java.util.Comparator;
import java.util.Currency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Positive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

class MoneyTest {

  /** A record carrying money, as the events do. */
  record Transfer(String memo, Money amount) {}

  @Test
  void of_keepsMinorUnitsAndTheIsoCode() {
    Money money = Money.of(1250, "EUR");

    assertThat(money.value()).isEqualTo(1250);
    assertThat(money.currency()).isEqualTo(Currency.getInstance("EUR"));
    assertThat(money.currencyCode()).isEqualTo("EUR");
    assertThat(money).hasToString("1250 EUR");
  }

  @Test
  void of_equalsTheConstructedValue() {
    assertThat(Money.of(7, "JPY")).isEqualTo(new Money(7, Currency.getInstance("JPY")));
    assertThat(Money.of(7, "JPY")).isNotEqualTo(Money.of(7, "USD"));
    assertThat(Money.of(7, "JPY")).isNotEqualTo(Money.of(8, "JPY"));
  }

  @Test
  void of_acceptsTheSmallestAndLargestAmounts() {
    assertThat(Money.of(1, "EUR").value()).isEqualTo(1);
    assertThat(Money.of(Long.MAX_VALUE, "EUR").value()).isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -1250, Long.MIN_VALUE})
  void constructor_rejectsZeroAndNegativeAmounts(long value) {
    assertThatThrownBy(() -> new Money(value, Currency.getInstance("EUR")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive")
        .hasMessageContaining(Long.toString(value));
  }

  @Test
  void of_rejectsAnUnknownCurrencyNamingIt() {
    assertThatThrownBy(() -> Money.of(100, "XYZ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown")
        .hasMessageContaining("XYZ");
  }

  @Test
  void of_rejectsALowerCaseCode() {
    assertThatThrownBy(() -> Money.of(100, "eur"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO 4217")
        .hasMessageContaining("eur");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "EU", "EURO", " EUR", "EUR ", "Eur", "E1R", "€", "ЕUR"})
  void of_rejectsMalformedCodes(String code) {
    assertThatThrownBy(() -> Money.of(100, code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO 4217");
  }

  @Test
  void of_rejectsANullCode() {
    assertThatThrownBy(() -> Money.of(100, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_rejectsANullCurrency() {
    assertThatThrownBy(() -> new Money(100, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("currency");
  }

  @ParameterizedTest
  @ValueSource(strings = {"XAU", "XXX", "XDR"})
  void of_rejectsCurrenciesWithoutMinorUnits(String code) {
    assertThatThrownBy(() -> Money.of(100, code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minor unit");
  }

  @Test
  void json_writesValueAndIsoCodeAndReadsThemBack() {
    Transfer transfer = new Transfer("rent", Money.of(1250, "EUR"));

    byte[] json = EventJson.write(transfer);

    assertThat(new String(json, UTF_8))
        .isEqualTo("{\"memo\":\"rent\",\"amount\":{\"value\":1250,\"currency\":\"EUR\"}}");
    assertThat(EventJson.read(json, Transfer.class)).isEqualTo(transfer);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"amount\":{\"value\":0,\"currency\":\"EUR\"}}",
        "{\"amount\":{\"value\":-5,\"currency\":\"EUR\"}}",
        "{\"amount\":{\"value\":5,\"currency\":\"eur\"}}",
        "{\"amount\":{\"value\":5,\"currency\":\"XYZ\"}}",
        "{\"amount\":{\"value\":5}}"
      })
  void json_rejectsInvalidMoneyOnRead(String json) {
    assertThatThrownBy(() -> EventJson.read(json.getBytes(UTF_8), Transfer.class))
        .isInstanceOf(JacksonException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void json_rejectsMoneyWithoutAValueOnRead() {
    byte[] json = "{\"amount\":{\"currency\":\"EUR\"}}".getBytes(UTF_8);

    assertThatThrownBy(() -> EventJson.read(json, Transfer.class))
        .isInstanceOf(JacksonException.class);
  }

  @Property
  void json_roundTripsAnyPositiveAmountOfAnyCurrencyWithMinorUnits(
      @ForAll @Positive long value, @ForAll("currenciesWithMinorUnits") Currency currency) {
    Transfer transfer = new Transfer("x", new Money(value, currency));

    assertThat(EventJson.read(EventJson.write(transfer), Transfer.class)).isEqualTo(transfer);
  }

  @Provide
  Arbitrary<Currency> currenciesWithMinorUnits() {
    return Arbitraries.of(
        Currency.getAvailableCurrencies().stream()
            .filter(currency -> currency.getDefaultFractionDigits() >= 0)
            .sorted(Comparator.comparing(Currency::getCurrencyCode))
            .toList());
  }
}
