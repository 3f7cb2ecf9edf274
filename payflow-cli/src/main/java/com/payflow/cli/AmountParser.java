package com.payflow.cli;

import com.payflow.contracts.money.CurrencyCodes;
import com.payflow.contracts.money.Money;
import java.math.BigDecimal;
import java.util.Currency;

/** "12.50" + "EUR" → 1250 minor units, exactly; more decimals than the currency has is an error. */
final class AmountParser {

  private AmountParser() {}

  static Money parse(String amount, String currencyCode) {
    Currency currency = CurrencyCodes.parse(currencyCode);
    BigDecimal major;
    try {
      major = new BigDecimal(amount);
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException("not an amount: " + amount);
    }
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    if (major.stripTrailingZeros().scale() > digits) {
      throw new IllegalArgumentException(
          currency.getCurrencyCode() + " has " + digits + " decimal digits: " + amount);
    }
    BigDecimal minor = major.movePointRight(digits);
    if (minor.signum() <= 0) {
      throw new IllegalArgumentException("the amount must be positive: " + amount);
    }
    return new Money(minor.longValueExact(), currency);
  }

  /** 1250 minor units of EUR → "12.50 EUR" (signed amounts too). */
  static String format(long minorUnits, Currency currency) {
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    return BigDecimal.valueOf(minorUnits).movePointLeft(digits).toPlainString()
        + " "
        + currency.getCurrencyCode();
  }
}
