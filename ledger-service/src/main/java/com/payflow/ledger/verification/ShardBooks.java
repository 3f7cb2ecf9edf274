package com.payflow.ledger.verification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * One shard's books — {@code transactions}, {@code credit_legs}, {@code entries}, {@code accounts}
 * — read in ONE consistent InnoDB snapshot, so that settlement committing meanwhile never makes a
 * balance disagree with entries read a moment later. Every table is read in primary-key order in
 * keyset pages of {@code chunkRows}: range scans only, no sort, join or grouping on the server.
 * Holds one pooled connection until closed.
 */
final class ShardBooks implements AutoCloseable {

  private static final String SETTLED = "SETTLED";
  private static final String PAYMENTS =
      "SELECT tx_id, shard_seq, status, payer, payee, amount,"
          + " currency, payee_shard FROM transactions";
  private static final String LEGS =
      "SELECT tx_id, payer, payee, amount, currency, payer_shard" + " FROM credit_legs";
  private static final String ENTRIES =
      "SELECT entry_id, tx_id, account_id, amount, currency" + " FROM entries";
  private static final String ACCOUNTS = "SELECT id, balance FROM accounts";

  private final int shard;
  private final int chunkRows;
  private final Connection connection;

  /** Opens the snapshot: every read through this object sees the shard as it is now. */
  ShardBooks(int shard, DataSource pool, int chunkRows) {
    this.shard = shard;
    this.chunkRows = chunkRows;
    try {
      connection = pool.getConnection();
    } catch (SQLException failed) {
      throw new BooksUnreadable(shard, failed);
    }
    try {
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setAutoCommit(false);
      try (Statement start = connection.createStatement()) {
        start.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
      }
    } catch (SQLException failed) {
      close();
      throw new BooksUnreadable(shard, failed);
    }
  }

  int shard() {
    return shard;
  }

  /**
   * The shard's settled payments in {@code tx_id} order: a rejected one posts nothing, and a credit
   * leg naming one is re-read by the caller ({@link #currentPayments}), which reads all.
   */
  KeysetPages<PaymentRow> settledPayments() {
    return new KeysetPages<>(
        last ->
            page(
                PAYMENTS,
                "status = '" + SETTLED + "'",
                "tx_id",
                last == null ? null : last.txId(),
                this::payment),
        chunkRows);
  }

  /** The credit legs applied on the shard, in {@code tx_id} order. */
  KeysetPages<CreditLegRow> creditLegs() {
    return new KeysetPages<>(
        last -> page(LEGS, null, "tx_id", last == null ? null : last.txId(), this::leg), chunkRows);
  }

  /** Every {@code entries} row, in {@code entry_id} order; returns how many. */
  long forEachEntry(Postings.Sink action) {
    long count = 0;
    Long after = null;
    while (true) {
      List<Long> ids =
          page(
              ENTRIES,
              null,
              "entry_id",
              after,
              row -> {
                action.post(row.getBytes(2), row.getString(3), row.getString(5), row.getLong(4));
                return row.getLong(1);
              });
      count += ids.size();
      if (ids.size() < chunkRows) {
        return count;
      }
      after = ids.getLast();
    }
  }

  /** Receives an account and its stored balance. */
  @FunctionalInterface
  interface BalanceAction {
    void balance(String account, long balance);
  }

  /** Every {@code accounts} row, in id order; returns how many. */
  long forEachAccount(BalanceAction action) {
    long count = 0;
    String after = null;
    while (true) {
      List<String> ids =
          page(
              ACCOUNTS,
              null,
              "id",
              after,
              row -> {
                action.balance(row.getString(1), row.getLong(2));
                return row.getString(1);
              });
      count += ids.size();
      if (ids.size() < chunkRows) {
        return count;
      }
      after = ids.getLast();
    }
  }

  /** Runs {@code query} inside the snapshot (the exact drill-down of a shard that differs). */
  <T> List<T> query(String sql, Object[] parameters, RowReader<T> reader) {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(reader.read(row));
        }
      }
      return rows;
    } catch (SQLException failed) {
      throw new BooksUnreadable(shard, failed);
    }
  }

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /**
   * The payments {@code ids} as the shard holds them now, outside any snapshot: a credit leg seen
   * in one shard's snapshot may carry out a payment committed after another shard's snapshot.
   */
  static List<PaymentRow> currentPayments(int shard, DataSource pool, Collection<byte[]> ids) {
    String placeholders = String.join(",", Collections.nCopies(ids.size(), "?"));
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(PAYMENTS + " WHERE tx_id IN (" + placeholders + ")")) {
      int index = 1;
      for (byte[] id : ids) {
        select.setBytes(index++, id);
      }
      List<PaymentRow> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(payment(shard, row));
        }
      }
      return rows;
    } catch (SQLException failed) {
      throw new BooksUnreadable(shard, failed);
    }
  }

  /**
   * Reads one keyset page of {@code sql} (rows matching {@code filter}, null: all) ordered by
   * {@code key}, after {@code after}.
   */
  private <T> List<T> page(
      String sql, String filter, String key, Object after, RowReader<T> reader) {
    // The first page has no lower bound: any start value could sort after a row (a negative
    // entry_id, an empty account id) and hide it.
    String bound = after == null ? null : key + " > ?";
    String where = filter == null ? bound : bound == null ? filter : filter + " AND " + bound;
    String paged = sql + (where == null ? "" : " WHERE " + where) + " ORDER BY " + key + " LIMIT ?";
    return query(
        paged, after == null ? new Object[] {chunkRows} : new Object[] {after, chunkRows}, reader);
  }

  private PaymentRow payment(ResultSet row) throws SQLException {
    return payment(shard, row);
  }

  private static PaymentRow payment(int shard, ResultSet row) throws SQLException {
    return new PaymentRow(
        row.getBytes(1),
        shard,
        row.getLong(2),
        SETTLED.equals(row.getString(3)),
        row.getString(4),
        row.getString(5),
        row.getLong(6),
        row.getString(7),
        row.getInt(8));
  }

  private CreditLegRow leg(ResultSet row) throws SQLException {
    return new CreditLegRow(
        row.getBytes(1),
        shard,
        row.getString(2),
        row.getString(3),
        row.getLong(4),
        row.getString(5),
        row.getInt(6));
  }

  /** Ends the snapshot (read-only: nothing to commit) and returns the connection. */
  @Override
  public void close() {
    try (connection) {
      connection.rollback();
    } catch (SQLException ignored) {
      // The pool discards a connection it cannot reset; nothing was written.
    }
  }
}
