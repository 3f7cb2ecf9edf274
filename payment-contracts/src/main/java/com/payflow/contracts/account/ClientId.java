package com.payflow.contracts.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** An API client (the party that authenticates and owns accounts). */
public record ClientId(String value) {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** Validates the id. */
  public ClientId {
    if (value == null || !ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "client id must be 1-64 characters of [A-Za-z0-9_.-], was " + value);
    }
  }

  /** Parses an id from its JSON form. */
  @JsonCreator
  public static ClientId of(String value) {
    return new ClientId(value);
  }

  @JsonValue
  @Override
  public String toString() {
    return value;
  }
}
