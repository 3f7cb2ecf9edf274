package com.payflow.settlement.settlement;

import com.payflow.contracts.money.CurrencyCodes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;

/**
 * An account as read (and locked) inside a settlement transaction. The id is the row's key: a
 * customer or funding account's {@code AccountId} text, or a shard's clearing account
 * ({@code @clearing:CUR}, which no client can name).
 */
public record AccountRow(String id, Currency currency, Kind kind, Status status, long balance) {

  /** The columns {@link #read} reads, in its order. */
  public static final String COLUMNS = "id, currency, kind, status, balance";

  /** {@code accounts.kind}. */
  public enum Kind {
    CUSTOMER,
    FUNDING,
    CLEARING
  }

  /** {@code accounts.status}. */
  public enum Status {
    OPEN,
    CLOSED
  }

  /** The current row of a query that selects {@link #COLUMNS} first. */
  public static AccountRow read(ResultSet row) throws SQLException {
    return new AccountRow(
        row.getString(1),
        CurrencyCodes.parse(row.getString(2)),
        Kind.valueOf(row.getString(3)),
        Status.valueOf(row.getString(4)),
        row.getLong(5));
  }

  /** Whether the account may never go negative. */
  public boolean isCustomer() {
    return kind == Kind.CUSTOMER;
  }

  /** Whether the account accepts postings. */
  public boolean isOpen() {
    return status == Status.OPEN;
  }

  /** Whether payments may name it (system clearing accounts are internal only). */
  public boolean isAddressable() {
    return kind != Kind.CLEARING;
  }
}
