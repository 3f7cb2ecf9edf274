package com.payflow.ledger.shard;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.CurrencyCodes;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Account ids and currencies of shard rows, validated once per distinct text: the regex checks cost
 * more than anything else per row when full verification reads millions of rows that share a few
 * hundred accounts. Validation is a pure function of the text, so remembering a valid result
 * changes nothing; an invalid text is never remembered and throws every time.
 */
final class ValidatedFields {

  /** Distinct texts remembered per kind; beyond it, new texts are validated every time. */
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<String, AccountId> accounts = new ConcurrentHashMap<>();
  private final Map<String, Currency> currencies = new ConcurrentHashMap<>();

  /** {@code new AccountId(text)}, or its IllegalArgumentException. */
  AccountId account(String text) {
    return remembered(accounts, text, AccountId::new);
  }

  /** {@code CurrencyCodes.parse(text)}, or its IllegalArgumentException. */
  Currency currency(String text) {
    return remembered(currencies, text, CurrencyCodes::parse);
  }

  private static <T> T remembered(Map<String, T> memo, String text, Function<String, T> parse) {
    T known = text == null ? null : memo.get(text);
    if (known != null) {
      return known;
    }
    T parsed = parse.apply(text);
    if (memo.size() < MAX_REMEMBERED) {
      memo.put(text, parsed);
    }
    return parsed;
  }
}
