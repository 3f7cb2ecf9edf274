package com.payflow.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases of one integration test: created with a unique prefix, dropped on {@link #close()}.
 * Tests use the administrative login, so they can create and drop what they own.
 */
public final class TestDatabases implements AutoCloseable {

  private final RealServers.Endpoints servers;
  private final String prefix;
  private final List<String> created = new ArrayList<>();

  private TestDatabases(RealServers.Endpoints servers, String prefix) {
    this.servers = servers;
    this.prefix = prefix;
  }

  /** A fresh, unique name space such as {@code it_settle_4f2a91}. */
  public static TestDatabases create(String testName) {
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    return new TestDatabases(RealServers.get(), "it_" + testName + "_" + suffix);
  }

  /** Creates (if needed) and returns the database {@code <prefix>_<name>}. */
  public String database(String name) {
    String database = prefix + "_" + name;
    execute(
        "CREATE DATABASE IF NOT EXISTS `"
            + database
            + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    if (!created.contains(database)) {
      created.add(database);
    }
    return database;
  }

  /** The name prefix, e.g. for a URL template with a {@code {shard}} placeholder. */
  public String prefix() {
    return prefix;
  }

  /** An admin connection to {@code database}. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        servers.jdbcUrl(database), servers.mysqlAdminUser(), servers.mysqlAdminPassword());
  }

  @Override
  public void close() {
    for (String database : created) {
      execute("DROP DATABASE IF EXISTS `" + database + "`");
    }
    created.clear();
  }

  private void execute(String sql) {
    try (Connection connection =
            DriverManager.getConnection(
                servers.jdbcUrl(""), servers.mysqlAdminUser(), servers.mysqlAdminPassword());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException failed) {
      throw new IllegalStateException("test database statement failed: " + sql, failed);
    }
  }
}
