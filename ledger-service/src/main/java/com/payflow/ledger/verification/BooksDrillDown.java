package com.payflow.ledger.verification;

import com.payflow.contracts.payment.TxId;
import com.payflow.ledger.verification.Problem.Kind;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact queries behind a shard whose fingerprint differs (only then: they join and group, which
 * the fingerprint avoids). They run in the same snapshot as the fingerprint, so they see the same
 * rows, and each names what it finds, at most {@code limit} rows per query.
 */
final class BooksDrillDown {

  /** The account a settled payment credits on shard ? (parameters: shard, clearing prefix). */
  private static final String CREDIT_OF_T = "IF(t.payee_shard = ?, t.payee, CONCAT(?, t.currency))";

  /** Settled payments whose two entries are not exactly what the payment implies. */
  private static final String PAYMENT_ENTRIES =
      "SELECT t.tx_id, t.shard_seq, t.payer, "
          + CREDIT_OF_T
          + ", t.amount, t.currency, d.amount, d.currency, c.amount, c.currency"
          + " FROM transactions t"
          + " LEFT JOIN entries d ON d.tx_id = t.tx_id AND d.account_id = t.payer"
          + " LEFT JOIN entries c ON c.tx_id = t.tx_id AND c.account_id = "
          + CREDIT_OF_T
          + " WHERE t.status = 'SETTLED' AND NOT (d.amount <=> -t.amount"
          + " AND d.currency <=> t.currency AND c.amount <=> t.amount"
          + " AND c.currency <=> t.currency) ORDER BY t.shard_seq LIMIT ?";

  /** Credit legs whose two entries are not exactly what the leg implies. */
  private static final String LEG_ENTRIES =
      "SELECT l.tx_id, CONCAT(?, l.currency), l.payee,"
          + " l.amount, l.currency, d.amount, d.currency, c.amount, c.currency FROM credit_legs l"
          + " LEFT JOIN entries d ON d.tx_id = l.tx_id AND d.account_id = CONCAT(?, l.currency)"
          + " LEFT JOIN entries c ON c.tx_id = l.tx_id AND c.account_id = l.payee"
          // Legs have no CHECK on the amount: negate as DECIMAL, which cannot overflow.
          + " WHERE NOT (d.amount <=> -CAST(l.amount AS DECIMAL(20, 0))"
          + " AND d.currency <=> l.currency AND c.amount <=> l.amount"
          + " AND c.currency <=> l.currency) ORDER BY l.tx_id LIMIT ?";

  /** Entries that no settled payment or credit leg of the shard implies. */
  private static final String STRAY_ENTRIES =
      "SELECT e.entry_id, e.tx_id, e.account_id,"
          + " e.amount, e.currency FROM entries e WHERE NOT EXISTS (SELECT 1 FROM transactions t"
          + " WHERE t.tx_id = e.tx_id AND t.status = 'SETTLED' AND (e.account_id = t.payer"
          + " OR e.account_id = "
          + CREDIT_OF_T
          + ")) AND NOT EXISTS (SELECT 1 FROM credit_legs l"
          + " WHERE l.tx_id = e.tx_id AND (e.account_id = l.payee"
          + " OR e.account_id = CONCAT(?, l.currency))) ORDER BY e.entry_id LIMIT ?";

  /**
   * Per account: stored balance, the balance the rows give, and the sum of its entries — only where
   * they disagree. Parameters: shard, clearing prefix, clearing prefix, limit.
   */
  private static final String ACCOUNTS =
      "SELECT id, MAX(present), SUM(stored),"
          + " SUM(recomputed), SUM(entered) FROM ("
          + "SELECT id, 1 AS present, balance AS stored, 0 AS recomputed, 0 AS entered"
          + " FROM accounts"
          + " UNION ALL SELECT payer, 0, 0, -SUM(amount), 0 FROM transactions"
          + " WHERE status = 'SETTLED' GROUP BY payer"
          + " UNION ALL SELECT IF(payee_shard = ?, payee, CONCAT(?, currency)), 0, 0, SUM(amount), 0"
          + " FROM transactions WHERE status = 'SETTLED' GROUP BY 1"
          + " UNION ALL SELECT payee, 0, 0, SUM(amount), 0 FROM credit_legs GROUP BY payee"
          + " UNION ALL SELECT CONCAT(?, currency), 0, 0, -SUM(amount), 0 FROM credit_legs"
          + " GROUP BY currency"
          + " UNION ALL SELECT account_id, 0, 0, 0, SUM(amount) FROM entries GROUP BY account_id"
          + ") books GROUP BY id HAVING SUM(stored) <> SUM(recomputed)"
          + " OR SUM(entered) <> SUM(recomputed) ORDER BY id LIMIT ?";

  private final ShardBooks books;
  private final int limit;

  BooksDrillDown(ShardBooks books, int limit) {
    this.books = books;
    this.limit = limit;
  }

  /** Entries that differ from the postings the shard's payments and credit legs imply. */
  List<Problem> entries() {
    int shard = books.shard();
    String clearing = Postings.CLEARING_PREFIX;
    List<Problem> problems = new ArrayList<>();
    books.query(
        PAYMENT_ENTRIES,
        new Object[] {shard, clearing, shard, clearing, limit},
        row -> {
          String tx = TxId.fromBytes(row.getBytes(1)).toString();
          long seq = row.getLong(2);
          long amount = row.getLong(5);
          String currency = row.getString(6);
          posting(problems, tx, seq, row.getString(3), -amount, currency, row, 7);
          posting(problems, tx, seq, row.getString(4), amount, currency, row, 9);
          return null;
        });
    books.query(
        LEG_ENTRIES,
        new Object[] {clearing, clearing, limit},
        row -> {
          String tx = TxId.fromBytes(row.getBytes(1)).toString();
          long amount = row.getLong(4);
          String currency = row.getString(5);
          posting(problems, tx, null, row.getString(2), -amount, currency, row, 6);
          posting(problems, tx, null, row.getString(3), amount, currency, row, 8);
          return null;
        });
    books.query(
        STRAY_ENTRIES,
        new Object[] {shard, clearing, clearing, limit},
        row -> {
          problems.add(
              new Problem(
                  Kind.ENTRY_INSERTED,
                  null,
                  shard,
                  null,
                  null,
                  TxId.fromBytes(row.getBytes(2)).toString(),
                  "entry "
                      + row.getLong(1)
                      + " of "
                      + row.getLong(4)
                      + " "
                      + row.getString(5)
                      + " to "
                      + row.getString(3)
                      + " belongs to no settled payment or credit leg of this shard that posts to"
                      + " that account",
                  row.getString(3),
                  null,
                  null,
                  null));
          return null;
        });
    return problems;
  }

  /** One posting of a payment or leg compared with its entry (columns amount, currency). */
  private void posting(
      List<Problem> problems,
      String tx,
      Long seq,
      String account,
      long expected,
      String currency,
      ResultSet row,
      int column)
      throws SQLException {
    Long amount = row.getObject(column, Long.class);
    String entryCurrency = row.getString(column + 1);
    int shard = books.shard();
    if (amount == null) {
      problems.add(
          new Problem(
              Kind.ENTRY_MISSING,
              null,
              shard,
              null,
              seq,
              tx,
              "no entry of " + expected + " " + currency + " to " + account,
              account,
              null,
              null,
              null));
    } else if (amount != expected || !currency.equals(entryCurrency)) {
      problems.add(
          new Problem(
              Kind.ENTRY_MISMATCH,
              null,
              shard,
              null,
              seq,
              tx,
              "the entry to "
                  + account
                  + " is "
                  + amount
                  + " "
                  + entryCurrency
                  + "; the sealed transaction gives "
                  + expected
                  + " "
                  + currency,
              account,
              null,
              null,
              null));
    }
  }

  /** Accounts whose stored balance or entries disagree with what the shard's rows give. */
  List<Problem> accounts() {
    int shard = books.shard();
    String clearing = Postings.CLEARING_PREFIX;
    return books.query(
        ACCOUNTS,
        new Object[] {shard, clearing, clearing, limit},
        row -> {
          String account = row.getString(1);
          boolean present = row.getInt(2) == 1;
          BigDecimal stored = row.getBigDecimal(3);
          BigDecimal recomputed = row.getBigDecimal(4);
          BigDecimal entered = row.getBigDecimal(5);
          String values =
              "stored "
                  + (present ? stored.toPlainString() : "(no accounts row)")
                  + ", recomputed from the sealed transactions and credit legs "
                  + recomputed.toPlainString()
                  + ", entries sum to "
                  + entered.toPlainString();
          boolean balanceWrong = !present || stored.compareTo(recomputed) != 0;
          String why =
              !present
                  ? "its accounts row is gone"
                  : !balanceWrong
                      ? "the entries were changed, the balance was not"
                      : entered.compareTo(recomputed) == 0
                          ? "the balance was changed, the entries were not"
                          : entered.compareTo(stored) == 0
                              ? "entries were changed along with the balance"
                              : "balance and entries were both changed";
          return new Problem(
              balanceWrong ? Kind.BALANCE_MISMATCH : Kind.ENTRY_SUM_MISMATCH,
              null,
              shard,
              null,
              null,
              null,
              values + ": " + why,
              account,
              present ? longOrNull(stored) : null,
              longOrNull(recomputed),
              longOrNull(entered));
        });
  }

  /** The value as a long; null when a forged row made it larger than any balance can be. */
  private static Long longOrNull(BigDecimal value) {
    try {
      return value.longValueExact();
    } catch (ArithmeticException tooLarge) {
      return null;
    }
  }
}
