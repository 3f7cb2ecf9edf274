package com.payflow.contracts.money;

import java.util.Currency;
import java.util.regex.Pattern;

/** Strict parsing of ISO 4217 alphabetic codes (upper case, known to the JDK). */
public final class CurrencyCodes {

  private static final Pattern ISO_4217_ALPHA = Pattern.compile("[A-Z]{3}");

  private CurrencyCodes() {}

  /** Parses a currency code; throws {@link IllegalArgumentException} naming the bad code. */
  public static Currency parse(String code) {
    if (code == null || !ISO_4217_ALPHA.matcher(code).matches()) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code like EUR, was " + code);
    }
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException("unknown ISO 4217 currency: " + code, unknown);
    }
  }
}
