package com.payflow.ledger;

import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes shard transaction rows the way settlement seals them (tests build chains with it), and
 * their books: entries, balances and, for payees on another shard, the applied credit leg there.
 */
final class SealedRowInserts {

  private static final String CLEARING = "'@clearing:'";

  private SealedRowInserts() {}

  /** The batched insert {@link #add} fills. */
  static PreparedStatement prepare(Connection connection) throws SQLException {
    return connection.prepareStatement(
        "INSERT INTO transactions"
            + " (tx_id, shard_seq, batch_seq, client_id, payer, payee, amount, currency,"
            + " reference, status, reason, payee_shard, submitted_us, decided_us, leaf_hash)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  }

  /** Adds {@code tx} of {@code client} in batch {@code batchSeq}; returns its leaf hash. */
  static Sha256Hash add(
      PreparedStatement insert, SealedTransaction tx, long batchSeq, String client)
      throws SQLException {
    return add(insert, tx, batchSeq, client, 0);
  }

  /** The same with the payee routed to {@code payeeShard}. */
  static Sha256Hash add(
      PreparedStatement insert, SealedTransaction tx, long batchSeq, String client, int payeeShard)
      throws SQLException {
    Sha256Hash leaf = MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(tx));
    insert.setBytes(1, tx.txId().toBytes());
    insert.setLong(2, tx.shardSeq());
    insert.setLong(3, batchSeq);
    insert.setString(4, client);
    insert.setString(5, tx.payer().value());
    insert.setString(6, tx.payee().value());
    insert.setLong(7, tx.amount().value());
    insert.setString(8, tx.amount().currencyCode());
    insert.setString(9, tx.reference());
    insert.setString(10, tx.status());
    insert.setString(11, tx.reason());
    insert.setInt(12, payeeShard);
    insert.setLong(13, tx.decidedAtMicros());
    insert.setLong(14, tx.decidedAtMicros());
    insert.setBytes(15, leaf.bytes());
    insert.addBatch();
    return leaf;
  }

  /**
   * Seals transactions {@code firstSeq..lastSeq} (already inserted) as batch {@code batchSeq} and
   * books them; returns the batch root.
   */
  static Sha256Hash sealBatch(
      Connection connection, long batchSeq, long firstSeq, long lastSeq, List<Sha256Hash> leaves)
      throws SQLException {
    Sha256Hash root = sealBatchWithoutCreditLegs(connection, batchSeq, firstSeq, lastSeq, leaves);
    applyCreditLegs(connection, batchSeq);
    return root;
  }

  /**
   * Seals and books the batch on its own shard only, as settlement's shard transaction does; {@link
   * #applyCreditLegs} is the later, separate transaction on the payees' shards.
   */
  static Sha256Hash sealBatchWithoutCreditLegs(
      Connection connection, long batchSeq, long firstSeq, long lastSeq, List<Sha256Hash> leaves)
      throws SQLException {
    bookPayments(connection, batchSeq);
    Sha256Hash root = MerkleTree.rootOf(leaves);
    try (PreparedStatement batch =
        connection.prepareStatement(
            "INSERT INTO batches"
                + " (batch_seq, first_seq, last_seq, merkle_root, sealed_at) VALUES (?,?,?,?,?)")) {
      batch.setLong(1, batchSeq);
      batch.setLong(2, firstSeq);
      batch.setLong(3, lastSeq);
      batch.setBytes(4, root.bytes());
      batch.setTimestamp(5, Timestamp.from(Instant.now()));
      batch.executeUpdate();
    }
    return root;
  }

  /**
   * Books the settled rows of batch {@code batchSeq} on their shard as settlement does
   * (docs/settlement.md, "Money movements"): payer −amount and payee +amount, or the clearing
   * account +amount when the row's payee_shard is another shard. Accounts are created as needed
   * (kind FUNDING: they may go negative).
   */
  private static void bookPayments(Connection connection, long batchSeq) throws SQLException {
    ShardDatabase here = ShardDatabase.of(connection);
    String batch = settled(batchSeq);
    execute(
        connection,
        "INSERT INTO entries (tx_id, account_id, amount, currency, posted_at)"
            + " SELECT tx_id, payer, -amount, currency, NOW(6)"
            + batch
            + " UNION ALL SELECT tx_id, IF(payee_shard = "
            + here.shard()
            + ", payee, CONCAT("
            + CLEARING
            + ", currency)), amount, currency, NOW(6)"
            + batch);
    addToBalances(connection, "", "SELECT tx_id FROM transactions WHERE batch_seq = " + batchSeq);
  }

  /**
   * Applies the credit legs of batch {@code batchSeq}'s cross-shard payments on their payees'
   * shards (clearing −amount, payee +amount), as settlement's credit-leg consumer does. The shard
   * databases are {@code <prefix>_shard_<n>} on one server, so one connection reaches all.
   */
  static void applyCreditLegs(Connection connection, long batchSeq) throws SQLException {
    ShardDatabase here = ShardDatabase.of(connection);
    String batch = settled(batchSeq) + " AND payee_shard <> " + here.shard();
    List<Integer> payeeShards = new ArrayList<>();
    try (Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery("SELECT DISTINCT payee_shard" + batch)) {
      while (rows.next()) {
        payeeShards.add(rows.getInt(1));
      }
    }
    for (int payeeShard : payeeShards) {
      String other = "`" + here.prefix() + payeeShard + "`.";
      String legs = batch + " AND payee_shard = " + payeeShard;
      execute(
          connection,
          "INSERT INTO "
              + other
              + "credit_legs (tx_id, payer, payee, amount,"
              + " currency, payer_shard, applied_at) SELECT tx_id, payer, payee, amount, currency, "
              + here.shard()
              + ", NOW(6)"
              + legs);
      execute(
          connection,
          "INSERT INTO "
              + other
              + "entries (tx_id, account_id, amount,"
              + " currency, posted_at) SELECT tx_id, CONCAT("
              + CLEARING
              + ", currency), -amount,"
              + " currency, NOW(6)"
              + legs
              + " UNION ALL SELECT tx_id, payee, amount, currency,"
              + " NOW(6)"
              + legs);
      addToBalances(connection, other, "SELECT tx_id" + legs);
    }
  }

  /** A shard database {@code <prefix><shard>}, as the connection's current catalog names it. */
  private record ShardDatabase(String prefix, int shard) {
    static ShardDatabase of(Connection connection) throws SQLException {
      String database = connection.getCatalog();
      String prefix = database.substring(0, database.lastIndexOf('_') + 1);
      return new ShardDatabase(prefix, Integer.parseInt(database.substring(prefix.length())));
    }
  }

  private static String settled(long batchSeq) {
    return " FROM transactions WHERE batch_seq = " + batchSeq + " AND status = 'SETTLED'";
  }

  /** Adds the entries of the transactions {@code txIds} selects to their accounts' balances. */
  private static void addToBalances(Connection connection, String database, String txIds)
      throws SQLException {
    execute(
        connection,
        "INSERT INTO "
            + database
            + "accounts (id, owner_client, currency, kind,"
            + " status, balance) SELECT account_id, 'it', MIN(currency), IF(account_id LIKE"
            + " '@clearing:%', 'CLEARING', 'FUNDING'), 'OPEN', SUM(amount) FROM "
            + database
            + "entries WHERE tx_id IN ("
            + txIds
            + ") GROUP BY account_id"
            + " ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance)");
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
