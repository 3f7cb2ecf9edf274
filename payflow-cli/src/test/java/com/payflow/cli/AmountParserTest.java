package com.payflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.money.Money;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class AmountParserTest {

  @Test
  void majorUnits_becomeExactMinorUnits_perCurrency() {
    assertThat(AmountParser.parse("12.50", "EUR")).isEqualTo(Money.of(1250, "EUR"));
    assertThat(AmountParser.parse("12.5", "EUR")).isEqualTo(Money.of(1250, "EUR"));
    assertThat(AmountParser.parse("1200", "JPY")).isEqualTo(Money.of(1200, "JPY"));
    assertThat(AmountParser.parse("0.001", "BHD")).isEqualTo(Money.of(1, "BHD"));
  }

  @Test
  void moreDecimalsThanTheCurrencyHas_zeroOrNonsense_areRefused() {
    assertThatThrownBy(() -> AmountParser.parse("1.234", "EUR")).hasMessageContaining("2 decimal");
    assertThatThrownBy(() -> AmountParser.parse("0", "EUR")).hasMessageContaining("positive");
    assertThatThrownBy(() -> AmountParser.parse("-1", "EUR")).hasMessageContaining("positive");
    assertThatThrownBy(() -> AmountParser.parse("1e3x", "EUR")).hasMessageContaining("amount");
    assertThatThrownBy(() -> AmountParser.parse("1", "XYZ")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void signedMinorUnits_formatBack() {
    assertThat(AmountParser.format(-1250, Currency.getInstance("EUR"))).isEqualTo("-12.50 EUR");
    assertThat(AmountParser.format(0, Currency.getInstance("JPY"))).isEqualTo("0 JPY");
  }
}
