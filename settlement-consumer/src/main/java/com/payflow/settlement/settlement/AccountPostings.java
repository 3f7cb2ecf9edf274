package com.payflow.settlement.settlement;

import static com.payflow.settlement.sharding.SqlLists.placeholders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/** Row locking, entry writing and guarded balance updates shared by debit and credit legs. */
public final class AccountPostings {

  private AccountPostings() {}

  /**
   * Locks {@code ids} (which include the clearing accounts of {@code clearingCurrencies}) in id
   * order, creating a clearing account first if its shard has none yet. The clearing row is the
   * hottest row of a shard: an {@code INSERT IGNORE} on every transaction waited for its lock
   * before anything else could start, so it is only issued when the row is really missing.
   */
  public static Map<String, AccountRow> lockWithClearing(
      Connection connection, SortedSet<String> ids, Set<String> clearingCurrencies)
      throws SQLException {
    Map<String, AccountRow> rows = lockInIdOrder(connection, ids);
    boolean created = false;
    for (String currency : clearingCurrencies) {
      if (!rows.containsKey(SettlementDecider.clearingAccount(currency))) {
        createClearingAccount(connection, currency);
        created = true;
      }
    }
    return created ? lockInIdOrder(connection, ids) : rows;
  }

  private static void createClearingAccount(Connection connection, String currency)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT IGNORE INTO accounts (id, owner_client, currency, kind, status, balance)"
                + " VALUES (?, 'system', ?, 'CLEARING', 'OPEN', 0)")) {
      insert.setString(1, SettlementDecider.clearingAccount(currency));
      insert.setString(2, currency);
      insert.executeUpdate();
    }
  }

  /**
   * Locks the rows of {@code ids} in id order: every settlement transaction takes its locks in the
   * same global order, so two of them can never deadlock on accounts.
   */
  public static Map<String, AccountRow> lockInIdOrder(Connection connection, SortedSet<String> ids)
      throws SQLException {
    Map<String, AccountRow> rows = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + AccountRow.COLUMNS
                + " FROM accounts WHERE id IN ("
                + placeholders(ids.size())
                + ") ORDER BY id FOR UPDATE")) {
      int index = 1;
      for (String id : ids) {
        select.setString(index++, id);
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          AccountRow account = AccountRow.read(row);
          rows.put(account.id(), account);
        }
      }
    }
    return rows;
  }

  /** Adds one entry row to a batched {@code INSERT INTO entries} statement. */
  public static void addEntry(
      PreparedStatement entries,
      byte[] txId,
      String account,
      long amount,
      String currency,
      Timestamp postedAt)
      throws SQLException {
    entries.setBytes(1, txId);
    entries.setString(2, account);
    entries.setLong(3, amount);
    entries.setString(4, currency);
    entries.setTimestamp(5, postedAt);
    entries.addBatch();
  }

  /** The statement {@link #addEntry} fills. */
  public static PreparedStatement prepareEntries(Connection connection) throws SQLException {
    return connection.prepareStatement(
        "INSERT INTO entries (tx_id, account_id, amount, currency, posted_at) VALUES (?,?,?,?,?)");
  }

  /**
   * One guarded update per account ({@code deltas} sorted by id). The deltas must sum to zero
   * (double entry) and each update must match its row; anything else is a bug, so it throws and the
   * whole shard transaction rolls back.
   */
  public static void applyGuarded(Connection connection, Map<String, Long> deltas)
      throws SQLException {
    long sum = deltas.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact);
    if (sum != 0) {
      throw new IllegalStateException("conservation invariant broken: balance deltas sum " + sum);
    }
    List<String> accounts = new ArrayList<>();
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE accounts SET balance = balance + ? WHERE id = ?"
                + " AND (kind <> 'CUSTOMER' OR balance + ? >= 0)")) {
      for (Map.Entry<String, Long> delta : deltas.entrySet()) {
        if (delta.getValue() == 0) {
          continue;
        }
        update.setLong(1, delta.getValue());
        update.setString(2, delta.getKey());
        update.setLong(3, delta.getValue());
        update.addBatch();
        accounts.add(delta.getKey());
      }
      int[] counts = update.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 1) {
          throw new IllegalStateException(
              "guarded balance update of "
                  + accounts.get(i)
                  + " matched "
                  + counts[i]
                  + " rows: locked row and decision disagree");
        }
      }
    }
  }
}
