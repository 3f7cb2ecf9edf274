package com.payflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle most integration and system tests rely on, tested on its own: on two real shard
 * databases (the shipped schema), books that hold every invariant pass, and each kind of damage is
 * named — money changed without an entry, unbalanced entries, a transaction booked twice, a gap in
 * the shard sequence, clearing accounts that do not net out, a negative customer balance (the
 * schema's CHECK dropped, as a tamperer would).
 */
class LedgerInvariantsIT {

  private static final String SCHEMA = "db/shard/V1__ledger_tables.sql";
  private static final String T1 = "00000000000000000000000000000001";
  private static final String T2 = "00000000000000000000000000000002";

  private TestDatabases databases;
  private String shard0;
  private String shard1;

  @BeforeEach
  void books() throws Exception {
    databases = TestDatabases.create("invariants");
    shard0 = databases.database("shard_0");
    shard1 = databases.database("shard_1");
    for (String shard : List.of(shard0, shard1)) {
      execute(shard, schema().toArray(String[]::new));
    }
    // Shard 0: the funding account pays alice 1,000 (T1). Shard 1: alice's payment of 300 to
    // bob is credited through the clearing accounts of both shards (T2).
    execute(
        shard0,
        account("funding", "FUNDING", -1000),
        account("alice", "CUSTOMER", 700),
        account("clearing", "CLEARING", 300),
        transaction(T1, 1, "funding", "alice", 1000),
        entry(T1, "funding", -1000),
        entry(T1, "alice", 1000),
        transaction(T2, 2, "alice", "bob", 300),
        entry(T2, "alice", -300),
        entry(T2, "clearing", 300),
        batch(1, 1, 2));
    execute(
        shard1,
        account("bob", "CUSTOMER", 300),
        account("clearing", "CLEARING", -300),
        entry(T2, "clearing", -300),
        entry(T2, "bob", 300),
        "INSERT INTO credit_legs VALUES (UNHEX('"
            + T2
            + "'), 'alice', 'bob', 300, 'EUR', 0,"
            + " NOW(6))");
  }

  @AfterEach
  void drop() {
    databases.close();
  }

  @Test
  void booksThatHoldEveryInvariant_pass_withTheirTotals() throws Exception {
    LedgerInvariants.Report report = check();

    assertThat(report.violations()).isEmpty();
    assertThat(report.holds()).isTrue();
    assertThat(report.balanceSum()).isZero();
    assertThat(report.clearingSum()).isZero();
    assertThat(report.transactions()).isEqualTo(2);
    assertThat(report.settled()).isEqualTo(2);
    assertThat(report.creditLegs()).isEqualTo(1);
  }

  @Test
  void moneyChangedWithoutAnEntry_breaksConservationAndTheBalanceEntryMatch() throws Exception {
    execute(shard0, "UPDATE accounts SET balance = balance + 5 WHERE id = 'alice'");

    assertThat(check().violations())
        .anyMatch(v -> v.contains("balance of alice is 705 but its entries sum to 700"))
        .anyMatch(v -> v.contains("conservation: sum of all balances is 5"));
  }

  @Test
  void unbalancedEntries_areNamedByTransaction() throws Exception {
    execute(
        shard1,
        "UPDATE entries SET amount = 301 WHERE account_id = 'bob'",
        "UPDATE accounts SET balance = 301 WHERE id = 'bob'");

    assertThat(check().violations())
        .anyMatch(v -> v.contains("entries of transaction " + T2 + " sum to 1"));
  }

  @Test
  void aTransactionBookedOnTwoShards_isADuplicate() throws Exception {
    execute(shard1, transaction(T1, 1, "funding", "alice", 1000));

    assertThat(check().violations()).anyMatch(v -> v.contains("transaction " + T1 + " has 2 rows"));
  }

  @Test
  void aGapInTheShardSequence_isNamed() throws Exception {
    execute(shard0, "UPDATE transactions SET shard_seq = 5 WHERE shard_seq = 2");

    assertThat(check().violations())
        .anyMatch(v -> v.contains(shard0 + ": shard sequence has gaps (2 rows, max 5)"));
  }

  @Test
  void clearingAccountsThatDoNotNetOut_areNamed() throws Exception {
    // The credit leg on shard 1 never applied: bob was not credited, its clearing not debited.
    execute(
        shard1,
        "DELETE FROM entries",
        "UPDATE accounts SET balance = 0",
        "DELETE FROM credit_legs");

    LedgerInvariants.Report report = check();

    // Σ still 0 (the payer side balanced through its clearing account): only the clearing
    // check shows that money is in flight and never arrived.
    assertThat(report.balanceSum()).isZero();
    assertThat(report.violations())
        .containsExactly("clearing accounts net to 300 (credit legs pending?)");
  }

  @Test
  void aNegativeCustomerBalance_isNamed_evenWithoutTheSchemasCheck() throws Exception {
    execute(
        shard0,
        "ALTER TABLE accounts DROP CONSTRAINT customer_balance_never_negative",
        "UPDATE accounts SET balance = -1 WHERE id = 'alice'");

    assertThat(check().violations())
        .anyMatch(v -> v.contains(shard0 + ": 1 customer accounts are negative"));
  }

  private LedgerInvariants.Report check() throws SQLException {
    return LedgerInvariants.check(databases::connect, List.of(shard0, shard1));
  }

  private void execute(String database, String... statements) throws SQLException {
    try (Connection connection = databases.connect(database);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The shipped shard schema (payment-contracts), one statement per element. */
  private static List<String> schema() throws IOException {
    try (InputStream in = LedgerInvariantsIT.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      assertThat(in).as(SCHEMA + " on the classpath").isNotNull();
      String sql =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
      return List.of(sql.split(";")).stream()
          .map(String::strip)
          .filter(statement -> !statement.isEmpty())
          .toList();
    }
  }

  private static String account(String id, String kind, long balance) {
    return "INSERT INTO accounts (id, owner_client, currency, kind, status, balance) VALUES ('"
        + id
        + "', 'it', 'EUR', '"
        + kind
        + "', 'OPEN', "
        + balance
        + ")";
  }

  private static String transaction(
      String txHex, long seq, String payer, String payee, long amount) {
    return "INSERT INTO transactions (tx_id, shard_seq, batch_seq, client_id, payer, payee,"
        + " amount, currency, reference, status, reason, payee_shard, submitted_us, decided_us,"
        + " leaf_hash) VALUES (UNHEX('"
        + txHex
        + "'), "
        + seq
        + ", 1, 'it', '"
        + payer
        + "', '"
        + payee
        + "', "
        + amount
        + ", 'EUR', '', 'SETTLED', NULL, 0, 1, 2, UNHEX(REPEAT('00',"
        + " 32)))";
  }

  private static String entry(String txHex, String account, long amount) {
    return "INSERT INTO entries (tx_id, account_id, amount, currency, posted_at) VALUES (UNHEX('"
        + txHex
        + "'), '"
        + account
        + "', "
        + amount
        + ", 'EUR', NOW(6))";
  }

  private static String batch(long batchSeq, long first, long last) {
    return "INSERT INTO batches VALUES ("
        + batchSeq
        + ", "
        + first
        + ", "
        + last
        + ", UNHEX(REPEAT('00', 32)), NOW(6))";
  }
}
