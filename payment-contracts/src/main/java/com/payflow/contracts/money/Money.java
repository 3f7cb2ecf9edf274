package com.payflow.contracts.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Currency;
import java.util.Objects;

/** A positive amount of money in integer minor units of one ISO 4217 currency. */
public record Money(long value, Currency currency) {

  /** Builds money; refuses zero, negative amounts and currencies without minor units. */
  public Money {
    Objects.requireNonNull(currency, "currency");
    if (value <= 0) {
      throw new IllegalArgumentException("amount must be positive minor units, was " + value);
    }
    if (currency.getDefaultFractionDigits() < 0) {
      throw new IllegalArgumentException("currency has no minor unit: " + currency);
    }
  }

  /** JSON form: {@code {"value": 1250, "currency": "EUR"}}. */
  @JsonCreator
  public static Money of(
      @JsonProperty("value") long value, @JsonProperty("currency") String currencyCode) {
    return new Money(value, CurrencyCodes.parse(currencyCode));
  }

  /** The ISO 4217 alphabetic code. */
  @JsonProperty("currency")
  public String currencyCode() {
    return currency.getCurrencyCode();
  }

  @Override
  public String toString() {
    return value + " " + currency.getCurrencyCode();
  }
}
