package com.payflow.systemtest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.RunningPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Least-privilege database users of the running platform (infra/lib/mariadb.sh), logged in with the
 * generated passwords of {@code .run/secrets.env}. Every statement that must be forbidden is tried
 * and must fail with an access error; the allowed ones must work. Writes are done as no-ops ({@code
 * WHERE 1 = 0}, {@code INSERT … SELECT … WHERE 1 = 0}): the privilege is checked, nothing changes.
 */
class DatabasePrivilegesIT {

  private static final String SHARD = "payflow_shard_0";
  private static final String LEDGER = "payflow_ledger";
  private static final List<String> DDL =
      List.of(
          "CREATE TABLE sec_probe (id INT)",
          "ALTER TABLE accounts ADD COLUMN sec_probe INT",
          "DROP TABLE accounts",
          "TRUNCATE TABLE accounts",
          "CREATE INDEX sec_probe ON accounts (balance)",
          "DROP DATABASE " + SHARD,
          "CREATE DATABASE payflow_sec_probe");

  private final RunningPlatform platform = RunningPlatform.fromRunFolder();
  private final Map<String, String> secrets = secrets();

  @Test
  void noServiceUser_mayChangeTheSchema_orDropAnything() throws Exception {
    for (String user : List.of("payflow_settlement", "payflow_txn", "payflow_ledger")) {
      for (String database : List.of(SHARD, LEDGER)) {
        for (String ddl : DDL) {
          String sql = database.equals(LEDGER) ? ddl.replace("accounts", "blocks") : ddl;
          assertDenied(user, database, sql);
        }
      }
      assertDenied(user, SHARD, "GRANT SELECT ON " + SHARD + ".* TO 'payflow_sec_probe'@'%'");
      assertDenied(user, SHARD, "CREATE USER 'payflow_sec_probe'@'%'");
    }
  }

  @Test
  void settlement_writesShardsOnly() throws Exception {
    String user = "payflow_settlement";
    assertAllowed(user, SHARD, "SELECT COUNT(*) FROM accounts");
    assertAllowed(user, SHARD, "UPDATE accounts SET balance = balance WHERE 1 = 0");
    assertAllowed(user, SHARD, "INSERT INTO entries SELECT * FROM entries WHERE 1 = 0");
    assertDenied(user, SHARD, "DELETE FROM entries WHERE 1 = 0");
    assertDenied(user, SHARD, "DELETE FROM transactions WHERE 1 = 0");
    assertNoAccess(user, LEDGER);
  }

  @Test
  void transactionService_readsShards_andCannotTouchTheLedger() throws Exception {
    String user = "payflow_txn";
    assertAllowed(user, SHARD, "SELECT COUNT(*) FROM entries");
    assertAllowed(user, SHARD, "UPDATE accounts SET status = status WHERE 1 = 0");
    assertAllowed(user, SHARD, "INSERT INTO accounts SELECT * FROM accounts WHERE 1 = 0");
    assertDenied(user, SHARD, "DELETE FROM accounts WHERE 1 = 0");
    assertDenied(user, SHARD, "DELETE FROM entries WHERE 1 = 0");
    assertNoAccess(user, LEDGER);
  }

  /**
   * Issue 10: "transaction-service reads shards and writes only accounts it owns". FAILS today:
   * infra/lib/mariadb.sh grants payflow_txn SELECT, INSERT, UPDATE on every shard table, so
   * transaction-service could insert entries or rewrite transactions (money off the books). It only
   * opens/closes accounts (funding is a payment through Kafka): INSERT, UPDATE on {@code accounts}
   * are enough.
   */
  @Test
  void transactionService_cannotWriteTheBooks() throws Exception {
    String user = "payflow_txn";
    assertDenied(user, SHARD, "INSERT INTO entries SELECT * FROM entries WHERE 1 = 0");
    assertDenied(user, SHARD, "UPDATE transactions SET status = status WHERE 1 = 0");
    assertDenied(user, SHARD, "UPDATE entries SET amount = amount WHERE 1 = 0");
    assertDenied(user, SHARD, "INSERT INTO batches SELECT * FROM batches WHERE 1 = 0");
  }

  @Test
  void ledger_readsShards_writesOnlyTheLedgerDatabase() throws Exception {
    String user = "payflow_ledger";
    assertAllowed(user, SHARD, "SELECT COUNT(*) FROM transactions");
    for (String table :
        List.of(
            "accounts", "transactions", "entries", "batches", "credit_legs", "shard_sequence")) {
      assertDenied(
          user, SHARD, "INSERT INTO " + table + " SELECT * FROM " + table + " WHERE 1 = 0");
      assertDenied(user, SHARD, "DELETE FROM " + table + " WHERE 1 = 0");
    }
    assertDenied(user, SHARD, "UPDATE accounts SET balance = balance WHERE 1 = 0");
    assertAllowed(user, LEDGER, "SELECT COUNT(*) FROM blocks");
    assertAllowed(user, LEDGER, "UPDATE blocks SET height = height WHERE 1 = 0");
  }

  @Test
  void gateway_hasNoDatabaseAccessAtAll() throws Exception {
    Path jar = Path.of(platform.require("PAYFLOW_RUN_DIR"), "jars", "gateway-1.jar");
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(
              zip.stream()
                  .map(entry -> entry.getName())
                  .filter(name -> name.matches("(?i).*(mysql|mariadb|jdbc|hikari).*"))
                  .toList())
          .as("database drivers in %s", jar)
          .isEmpty();
    }
    try (Connection admin = admin();
        Statement statement = admin.createStatement();
        var users =
            statement.executeQuery(
                "SELECT DISTINCT user FROM mysql.user "
                    + "WHERE user LIKE 'payflow%' ORDER BY user")) {
      List<String> names = new java.util.ArrayList<>();
      while (users.next()) {
        names.add(users.getString(1));
      }
      assertThat(names)
          .containsExactly(
              "payflow_ledger", "payflow_migrator", "payflow_settlement", "payflow_txn");
    }
  }

  private void assertDenied(String user, String database, String sql) {
    assertThatThrownBy(() -> execute(user, database, sql))
        .as("%s on %s: %s", user, database, sql)
        .isInstanceOf(SQLException.class)
        .satisfies(
            failure ->
                assertThat(isAccessError((SQLException) failure))
                    .as("access error, was: %s", failure.getMessage())
                    .isTrue());
  }

  private void assertAllowed(String user, String database, String sql) {
    assertThatCode(() -> execute(user, database, sql))
        .as("%s on %s: %s", user, database, sql)
        .doesNotThrowAnyException();
  }

  private void assertNoAccess(String user, String database) {
    assertThatThrownBy(() -> execute(user, database, "SELECT 1"))
        .as("%s connecting to %s", user, database)
        .isInstanceOf(SQLException.class)
        .satisfies(failure -> assertThat(isAccessError((SQLException) failure)).isTrue());
  }

  private static boolean isAccessError(SQLException failure) {
    // 1044 db access denied, 1045 login denied, 1142 table command denied, 1227 privilege,
    // 1410 not allowed to create a user with GRANT, 1143 column denied
    return List.of(1044, 1045, 1142, 1143, 1227, 1410).contains(failure.getErrorCode())
        || failure.getMessage().toLowerCase().contains("denied");
  }

  private void execute(String user, String database, String sql) throws SQLException {
    RealServers.Endpoints servers = RealServers.get();
    try (Connection connection =
            DriverManager.getConnection(servers.jdbcUrl(database), user, password(user));
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      try {
        statement.execute(sql);
      } finally {
        connection.rollback();
      }
    }
  }

  private Connection admin() throws SQLException {
    RealServers.Endpoints servers = RealServers.get();
    return DriverManager.getConnection(
        servers.jdbcUrl("mysql"), servers.mysqlAdminUser(), servers.mysqlAdminPassword());
  }

  private String password(String user) {
    String name = "PAYFLOW_DB_" + user.substring("payflow_".length()).toUpperCase() + "_PASSWORD";
    String value = secrets.get(name);
    assertThat(value).as(name + " in secrets.env").isNotBlank();
    return value;
  }

  private Map<String, String> secrets() {
    Map<String, String> values = new HashMap<>();
    try {
      for (String line :
          Files.readAllLines(Path.of(platform.require("PAYFLOW_RUN_DIR"), "secrets.env"))) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          values.put(
              line.substring(0, eq).trim(),
              line.substring(eq + 1).trim().replaceAll("^[\"']|[\"']$", ""));
        }
      }
    } catch (java.io.IOException unreadable) {
      throw new IllegalStateException("cannot read secrets.env", unreadable);
    }
    return values;
  }
}
