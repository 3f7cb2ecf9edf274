package com.payflow.contracts.encoding;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.CurrencyCodes;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;
import java.util.function.Function;

/**
 * The columns of a shard's {@code transactions} row that its ledger leaf is made of ({@link
 * SealedTransaction}; the shard is the database the row is in), in one order that settlement writes
 * and the ledger and the dashboard read: change a column here and every writer and reader changes
 * with it. Positional, not by label: full-chain verification reads every row of every shard, and a
 * label lookup per cell is measurable there.
 *
 * <p>A statement lists {@link #NAMES} first; its own columns follow, from {@link #NEXT}.
 */
public final class LeafColumns {

  /** The leaf columns, in statement order. */
  public static final String NAMES =
      "tx_id, shard_seq, payer, payee, amount, currency,"
          + " reference, status, reason, decided_us";

  /** Position of the first column after the leaf columns. */
  public static final int NEXT = 11;

  private static final int TX_ID = 1;
  private static final int SHARD_SEQ = 2;
  private static final int PAYER = 3;
  private static final int PAYEE = 4;
  private static final int AMOUNT = 5;
  private static final int CURRENCY = 6;
  private static final int REFERENCE = 7;
  private static final int STATUS = 8;
  private static final int REASON = 9;
  private static final int DECIDED_US = 10;

  private LeafColumns() {}

  /** Binds {@code tx} to positions 1.. of a statement that lists {@link #NAMES} first. */
  public static void bind(PreparedStatement statement, SealedTransaction tx) throws SQLException {
    statement.setBytes(TX_ID, tx.txId().toBytes());
    statement.setLong(SHARD_SEQ, tx.shardSeq());
    statement.setString(PAYER, tx.payer().value());
    statement.setString(PAYEE, tx.payee().value());
    statement.setLong(AMOUNT, tx.amount().value());
    statement.setString(CURRENCY, tx.amount().currencyCode());
    statement.setString(REFERENCE, tx.reference());
    statement.setString(STATUS, tx.status());
    statement.setString(REASON, tx.reason());
    statement.setLong(DECIDED_US, tx.decidedAtMicros());
  }

  /** The transaction id of the current row (never null: the primary key). */
  public static TxId txId(ResultSet row) throws SQLException {
    return TxId.fromBytes(row.getBytes(TX_ID));
  }

  /** The shard sequence of the current row. */
  public static long shardSeq(ResultSet row) throws SQLException {
    return row.getLong(SHARD_SEQ);
  }

  /**
   * The transaction the leaf columns of the current row form on {@code shard}; an
   * IllegalArgumentException or NullPointerException names what forms none (a tampered or damaged
   * row). {@code accounts} and {@code currencies} parse (and may memoise) the texts.
   */
  public static SealedTransaction read(
      int shard,
      ResultSet row,
      Function<String, AccountId> accounts,
      Function<String, Currency> currencies)
      throws SQLException {
    return new SealedTransaction(
        txId(row),
        shard,
        shardSeq(row),
        accounts.apply(row.getString(PAYER)),
        accounts.apply(row.getString(PAYEE)),
        new Money(row.getLong(AMOUNT), currencies.apply(row.getString(CURRENCY))),
        row.getString(STATUS),
        row.getString(REASON),
        row.getString(REFERENCE),
        row.getLong(DECIDED_US));
  }

  /** As {@link #read(int, ResultSet, Function, Function)}, parsing every text afresh. */
  public static SealedTransaction read(int shard, ResultSet row) throws SQLException {
    return read(shard, row, AccountId::new, CurrencyCodes::parse);
  }
}
