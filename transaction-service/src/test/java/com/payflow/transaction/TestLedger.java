package com.payflow.transaction;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.routing.ShardRouter;
import com.payflow.testsupport.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes shard rows the way settlement-consumer does (that module is not a dependency): lock the
 * shard sequence, lock accounts in id order, insert transaction + balanced entries, one balance
 * update per account; cross-shard credits as a second transaction on the payee's shard with a
 * credit leg. Enough to give the read side real data, including concurrent inserts.
 */
final class TestLedger {

  static final String CURRENCY = "EUR";

  private final TestDatabases databases;
  private final ShardRouter router;
  private final int shards;

  TestLedger(TestDatabases databases, int shards) {
    this.databases = databases;
    this.shards = shards;
    this.router = ShardRouter.evenlySpread(shards);
  }

  /** Creates each shard database with the schema of settlement's migration V1. */
  void createSchemas() throws SQLException, IOException {
    String sql;
    try (InputStream in = getClass().getResourceAsStream("/db/shard/V1__ledger_tables.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : sql.split("\n")) {
      int comment = line.indexOf("--");
      withoutComments.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
    }
    for (int shard = 0; shard < shards; shard++) {
      databases.database("shard_" + shard);
      try (Connection connection = connect(shard);
          Statement statement = connection.createStatement()) {
        for (String ddl : withoutComments.toString().split(";")) {
          if (!ddl.isBlank()) {
            statement.execute(ddl);
          }
        }
      }
    }
  }

  Connection connect(int shard) throws SQLException {
    return databases.connect(databases.prefix() + "_shard_" + shard);
  }

  int shardOf(AccountId account) {
    return router.shardOf(account);
  }

  /** A new account with a unique id on any shard. */
  AccountId open(String prefix, String owner, String kind) throws SQLException {
    return openOnShard(-1, prefix, owner, kind);
  }

  /** A new account on {@code shard} ({@code -1}: any). */
  AccountId openOnShard(int shard, String prefix, String owner, String kind) throws SQLException {
    while (true) {
      AccountId id = new AccountId(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
      if (shard < 0 || router.shardOf(id) == shard) {
        insertAccount(id, owner, kind);
        return id;
      }
    }
  }

  void insertAccount(AccountId id, String owner, String kind) throws SQLException {
    try (Connection connection = connect(router.shardOf(id));
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO accounts (id,"
                    + " owner_client, currency, kind, status, balance) VALUES (?,?,?,?,'OPEN',0)")) {
      insert.setString(1, id.value());
      insert.setString(2, owner);
      insert.setString(3, CURRENCY);
      insert.setString(4, kind);
      insert.executeUpdate();
    }
  }

  /** {@code count} empty open customer accounts spread over the shards, batch-inserted. */
  void insertEmptyAccounts(String prefix, int count) throws SQLException {
    List<List<String>> byShard = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      byShard.add(new ArrayList<>());
    }
    for (int i = 0; i < count; i++) {
      AccountId id = new AccountId(prefix + "-" + UUID.randomUUID().toString().substring(0, 13));
      byShard.get(router.shardOf(id)).add(id.value());
    }
    for (int shard = 0; shard < shards; shard++) {
      try (Connection connection = connect(shard);
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO accounts (id,"
                      + " owner_client, currency, kind, status, balance)"
                      + " VALUES (?, 'bulk', ?, 'CUSTOMER', 'OPEN', 0)")) {
        for (String id : byShard.get(shard)) {
          insert.setString(1, id);
          insert.setString(2, CURRENCY);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** Settles one payment (and its credit leg when cross-shard); returns its id. */
  TxId settle(AccountId payer, AccountId payee, long amount) throws SQLException {
    return settle("it", payer, payee, amount);
  }

  /** The same, submitted by API client {@code client} (its row's {@code client_id}). */
  TxId settle(String client, AccountId payer, AccountId payee, long amount) throws SQLException {
    TxId txId =
        TxId.forPayment(
            new com.payflow.contracts.account.ClientId(client), UUID.randomUUID().toString());
    int payerShard = router.shardOf(payer);
    int payeeShard = router.shardOf(payee);
    String clearing = "@clearing:" + CURRENCY;
    try (Connection connection = connect(payerShard)) {
      connection.setAutoCommit(false);
      long seq = nextSequence(connection);
      if (payeeShard != payerShard) {
        ensureClearing(connection);
      }
      String credited = payeeShard == payerShard ? payee.value() : clearing;
      lockInOrder(connection, payer.value(), credited);
      insertTransaction(
          connection, client, txId, seq, payer, payee, amount, "SETTLED", null, payeeShard);
      insertEntry(connection, txId, payer.value(), -amount);
      insertEntry(connection, txId, credited, amount);
      addToBalance(connection, payer.value(), -amount);
      addToBalance(connection, credited, amount);
      connection.commit();
    }
    if (payeeShard != payerShard) {
      try (Connection connection = connect(payeeShard)) {
        connection.setAutoCommit(false);
        ensureClearing(connection);
        lockInOrder(connection, clearing, payee.value());
        try (PreparedStatement leg =
            connection.prepareStatement(
                "INSERT INTO credit_legs"
                    + " (tx_id, payer, payee, amount, currency, payer_shard, applied_at)"
                    + " VALUES (?,?,?,?,?,?,?)")) {
          leg.setBytes(1, txId.toBytes());
          leg.setString(2, payer.value());
          leg.setString(3, payee.value());
          leg.setLong(4, amount);
          leg.setString(5, CURRENCY);
          leg.setInt(6, payerShard);
          leg.setTimestamp(7, Timestamp.from(Instant.now()));
          leg.executeUpdate();
        }
        insertEntry(connection, txId, clearing, -amount);
        insertEntry(connection, txId, payee.value(), amount);
        addToBalance(connection, clearing, -amount);
        addToBalance(connection, payee.value(), amount);
        connection.commit();
      }
    }
    return txId;
  }

  /** Records a rejected payment (no entries). */
  TxId reject(AccountId payer, AccountId payee, long amount, String reason) throws SQLException {
    return reject("it", payer, payee, amount, reason);
  }

  /** The same, submitted by API client {@code client} (its row's {@code client_id}). */
  TxId reject(String client, AccountId payer, AccountId payee, long amount, String reason)
      throws SQLException {
    TxId txId =
        TxId.forPayment(
            new com.payflow.contracts.account.ClientId(client), UUID.randomUUID().toString());
    try (Connection connection = connect(router.shardOf(payer))) {
      connection.setAutoCommit(false);
      long seq = nextSequence(connection);
      insertTransaction(
          connection,
          client,
          txId,
          seq,
          payer,
          payee,
          amount,
          "REJECTED",
          reason,
          router.shardOf(payee));
      connection.commit();
    }
    return txId;
  }

  /**
   * {@code count} same-shard payments between {@code account} and {@code counterpart} (alternating
   * in and out, never overdrawing) in ONE database transaction.
   */
  void bulk(AccountId account, AccountId counterpart, int count, long seed) throws SQLException {
    int shard = router.shardOf(account);
    if (router.shardOf(counterpart) != shard) {
      throw new IllegalArgumentException("bulk needs both accounts on one shard");
    }
    Random random = new Random(seed);
    try (Connection connection = connect(shard)) {
      connection.setAutoCommit(false);
      lockInOrder(connection, account.value(), counterpart.value());
      long balance = balanceLocked(connection, account.value());
      long seq = nextSequence(connection);
      long net = 0;
      try (PreparedStatement tx = connection.prepareStatement(TX_INSERT);
          PreparedStatement entry = connection.prepareStatement(ENTRY_INSERT)) {
        for (int i = 0; i < count; i++) {
          boolean in = balance == 0 || random.nextInt(3) > 0;
          long amount = in ? 1 + random.nextInt(1_000) : 1 + random.nextLong(balance);
          AccountId payer = in ? counterpart : account;
          AccountId payee = in ? account : counterpart;
          TxId txId =
              TxId.forPayment(
                  new com.payflow.contracts.account.ClientId("it"), UUID.randomUUID().toString());
          bindTransaction(tx, txId, seq++, payer, payee, amount, "SETTLED", null, shard);
          tx.addBatch();
          bindEntry(entry, txId, payer.value(), -amount);
          entry.addBatch();
          bindEntry(entry, txId, payee.value(), amount);
          entry.addBatch();
          balance += in ? amount : -amount;
          net += in ? amount : -amount;
        }
        tx.executeBatch();
        entry.executeBatch();
      }
      setSequence(connection, seq);
      addToBalance(connection, account.value(), net);
      addToBalance(connection, counterpart.value(), -net);
      connection.commit();
    }
  }

  long balance(AccountId account) throws SQLException {
    try (Connection connection = connect(router.shardOf(account))) {
      return balanceLocked(connection, account.value());
    }
  }

  String status(AccountId account) throws SQLException {
    try (Connection connection = connect(router.shardOf(account));
        PreparedStatement select =
            connection.prepareStatement("SELECT status FROM accounts WHERE id = ?")) {
      select.setString(1, account.value());
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  /** Entry ids and amounts of {@code account}, oldest first. */
  List<long[]> entries(AccountId account) throws SQLException {
    List<long[]> rows = new ArrayList<>();
    try (Connection connection = connect(router.shardOf(account));
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT entry_id, amount FROM"
                    + " entries WHERE account_id = ? ORDER BY entry_id")) {
      select.setString(1, account.value());
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(new long[] {row.getLong(1), row.getLong(2)});
        }
      }
    }
    return rows;
  }

  // --- statements as settlement writes them ------------------------------------------------

  private static final String TX_INSERT =
      "INSERT INTO transactions (tx_id, shard_seq,"
          + " batch_seq, client_id, payer, payee, amount, currency, reference, status, reason,"
          + " payee_shard, submitted_us, decided_us, leaf_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  private static final String ENTRY_INSERT =
      "INSERT INTO entries (tx_id, account_id, amount,"
          + " currency, posted_at) VALUES (?,?,?,?,?)";

  private static long nextSequence(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT next_tx_seq FROM shard_sequence WHERE id = 1 FOR UPDATE")) {
      row.next();
      long seq = row.getLong(1);
      setSequence(connection, seq + 1);
      return seq;
    }
  }

  private static void setSequence(Connection connection, long next) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE shard_sequence SET next_tx_seq = ? WHERE id = 1")) {
      update.setLong(1, next);
      update.executeUpdate();
    }
  }

  private static void ensureClearing(Connection connection) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT IGNORE INTO accounts"
                + " (id, owner_client, currency, kind, status, balance)"
                + " VALUES (?, 'system', ?, 'CLEARING', 'OPEN', 0)")) {
      insert.setString(1, "@clearing:" + CURRENCY);
      insert.setString(2, CURRENCY);
      insert.executeUpdate();
    }
  }

  private static void lockInOrder(Connection connection, String... ids) throws SQLException {
    for (String id : new TreeSet<>(List.of(ids))) {
      balanceLocked(connection, id);
    }
  }

  private static long balanceLocked(Connection connection, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT balance FROM accounts WHERE id = ? FOR UPDATE")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no account " + id);
        }
        return row.getLong(1);
      }
    }
  }

  private static void insertTransaction(
      Connection connection,
      String client,
      TxId txId,
      long seq,
      AccountId payer,
      AccountId payee,
      long amount,
      String status,
      String reason,
      int payeeShard)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(TX_INSERT)) {
      bindTransaction(insert, txId, seq, payer, payee, amount, status, reason, payeeShard);
      insert.setString(4, client);
      insert.executeUpdate();
    }
  }

  private static void bindTransaction(
      PreparedStatement insert,
      TxId txId,
      long seq,
      AccountId payer,
      AccountId payee,
      long amount,
      String status,
      String reason,
      int payeeShard)
      throws SQLException {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    insert.setBytes(1, txId.toBytes());
    insert.setLong(2, seq);
    insert.setLong(3, seq);
    insert.setString(4, "it");
    insert.setString(5, payer.value());
    insert.setString(6, payee.value());
    insert.setLong(7, amount);
    insert.setString(8, CURRENCY);
    insert.setString(9, "it " + seq);
    insert.setString(10, status);
    insert.setString(11, reason);
    insert.setInt(12, payeeShard);
    insert.setLong(13, micros);
    insert.setLong(14, micros);
    insert.setBytes(15, new byte[32]);
  }

  private static void insertEntry(Connection connection, TxId txId, String account, long amount)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(ENTRY_INSERT)) {
      bindEntry(insert, txId, account, amount);
      insert.executeUpdate();
    }
  }

  private static void bindEntry(PreparedStatement insert, TxId txId, String account, long amount)
      throws SQLException {
    insert.setBytes(1, txId.toBytes());
    insert.setString(2, account);
    insert.setLong(3, amount);
    insert.setString(4, CURRENCY);
    insert.setTimestamp(5, Timestamp.from(Instant.now()));
  }

  private static void addToBalance(Connection connection, String account, long delta)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
      update.setLong(1, delta);
      update.setString(2, account);
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("no account " + account);
      }
    }
  }
}
