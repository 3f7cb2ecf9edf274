package com.payflow.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the money invariants of docs/architecture.md#invariants directly on the shard databases:
 * conservation (Σ balances = 0), no overdraft, entries balanced per transaction and matching
 * balances, clearing accounts net to zero, one row per transaction id. Returns every violation
 * found.
 */
public final class LedgerInvariants {

  private LedgerInvariants() {}

  /** Snapshot totals useful in assertions and reports. */
  public record Report(
      long balanceSum,
      long clearingSum,
      long transactions,
      long settled,
      long rejected,
      long creditLegs,
      List<String> violations) {

    /** Whether every invariant held. */
    public boolean holds() {
      return violations.isEmpty();
    }
  }

  /** Checks the shard databases named {@code databases} using admin logins. */
  public static Report check(TestDatabasesAccess access, List<String> databases)
      throws SQLException {
    List<String> violations = new ArrayList<>();
    long balanceSum = 0;
    long clearingSum = 0;
    long transactions = 0;
    long settled = 0;
    long rejected = 0;
    long creditLegs = 0;
    Map<String, Long> entrySumByTx = new HashMap<>();
    Map<String, Integer> txRows = new HashMap<>();
    for (String database : databases) {
      try (Connection connection = access.connect(database);
          Statement statement = connection.createStatement()) {
        balanceSum += single(statement, "SELECT COALESCE(SUM(balance), 0) FROM accounts");
        clearingSum +=
            single(
                statement,
                "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 'CLEARING'");
        long negative =
            single(
                statement, "SELECT COUNT(*) FROM accounts WHERE kind = 'CUSTOMER' AND balance < 0");
        if (negative > 0) {
          violations.add(database + ": " + negative + " customer accounts are negative");
        }
        // Balances must equal the sum of their entries (nothing changed money off the books).
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT a.id, a.balance,"
                    + " COALESCE(SUM(e.amount), 0) FROM accounts a LEFT JOIN entries e"
                    + " ON e.account_id = a.id GROUP BY a.id, a.balance"
                    + " HAVING a.balance <> COALESCE(SUM(e.amount), 0)")) {
          while (rows.next()) {
            violations.add(
                database
                    + ": balance of "
                    + rows.getString(1)
                    + " is "
                    + rows.getLong(2)
                    + " but its entries sum to "
                    + rows.getLong(3));
          }
        }
        try (ResultSet rows =
            statement.executeQuery("SELECT HEX(tx_id), SUM(amount) FROM entries GROUP BY tx_id")) {
          while (rows.next()) {
            entrySumByTx.merge(rows.getString(1), rows.getLong(2), Long::sum);
          }
        }
        try (ResultSet rows =
            statement.executeQuery("SELECT HEX(tx_id), status FROM transactions")) {
          while (rows.next()) {
            transactions++;
            if ("SETTLED".equals(rows.getString(2))) {
              settled++;
            } else {
              rejected++;
            }
            txRows.merge(rows.getString(1), 1, Integer::sum);
          }
        }
        creditLegs += single(statement, "SELECT COUNT(*) FROM credit_legs");
        long batchRows = single(statement, "SELECT COUNT(*) FROM batches");
        long maxBatch = single(statement, "SELECT COALESCE(MAX(batch_seq), 0) FROM batches");
        if (batchRows != maxBatch) {
          violations.add(
              database
                  + ": batch sequence has gaps ("
                  + batchRows
                  + " rows, max "
                  + maxBatch
                  + ")");
        }
        long txCount = single(statement, "SELECT COUNT(*) FROM transactions");
        long maxSeq = single(statement, "SELECT COALESCE(MAX(shard_seq), 0) FROM transactions");
        if (txCount != maxSeq) {
          violations.add(
              database + ": shard sequence has gaps (" + txCount + " rows, max " + maxSeq + ")");
        }
      }
    }
    if (balanceSum != 0) {
      violations.add("conservation: sum of all balances is " + balanceSum);
    }
    if (clearingSum != 0) {
      violations.add("clearing accounts net to " + clearingSum + " (credit legs pending?)");
    }
    entrySumByTx.forEach(
        (tx, sum) -> {
          if (sum != 0) {
            violations.add("entries of transaction " + tx + " sum to " + sum);
          }
        });
    txRows.forEach(
        (tx, count) -> {
          if (count != 1) {
            violations.add("transaction " + tx + " has " + count + " rows");
          }
        });
    return new Report(
        balanceSum,
        clearingSum,
        transactions,
        settled,
        rejected,
        creditLegs,
        List.copyOf(violations));
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** Something that opens admin connections to a database by name. */
  @FunctionalInterface
  public interface TestDatabasesAccess {
    /** An admin connection to {@code database}. */
    Connection connect(String database) throws SQLException;
  }
}
