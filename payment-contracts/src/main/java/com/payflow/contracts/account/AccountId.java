package com.payflow.contracts.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** An account identifier: 1..64 characters of [A-Za-z0-9_.:-]. */
public record AccountId(String value) implements Comparable<AccountId> {

  /** Longest id accepted; bounded so Redis keys and DB columns stay bounded. */
  public static final int MAX_LENGTH = 64;

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /** Validates the id. */
  public AccountId {
    if (value == null || !ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "account id must be 1-" + MAX_LENGTH + " characters of [A-Za-z0-9_.:-], was " + value);
    }
  }

  /** Parses an id from its JSON/URL form. */
  @JsonCreator
  public static AccountId of(String value) {
    return new AccountId(value);
  }

  /** UTF-8 bytes, as hashed by shard routing and the canonical encoding. */
  public byte[] utf8() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @JsonValue
  @Override
  public String toString() {
    return value;
  }

  @Override
  public int compareTo(AccountId other) {
    return value.compareTo(other.value);
  }
}
