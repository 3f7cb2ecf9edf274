package com.payflow.settlement.sharding;

import java.util.Collections;

/** Placeholder lists for {@code IN (...)} clauses. */
public final class SqlLists {

  private SqlLists() {}

  /** {@code ?,?,?} with {@code count} marks; count must be positive. */
  public static String placeholders(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("an IN list needs at least one element");
    }
    return String.join(",", Collections.nCopies(count, "?"));
  }
}
