package com.payflow.systemtest.path;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.client.Balance;
import com.payflow.client.PayflowClient;
import com.payflow.client.PayflowException;
import com.payflow.client.PaymentState;
import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.testsupport.LedgerInvariants;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.RunningPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running platform as a client sees it (through Nginx), plus what only a test may look at: the
 * shard rows. Shared by the system tests that inject faults.
 */
final class SystemApi {

  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

  /** The Retry-After of the read side's transient 503 (one second). */
  private static final long RETRY_AFTER_503_MS = 1_000;

  private static final Currency EUR = Currency.getInstance("EUR");
  private static final Pattern TX_ID = Pattern.compile("\"transactionId\":\"([0-9a-f-]{36})\"");
  private static final Pattern NUMBER = Pattern.compile("\"%s\":(-?\\d+)");

  final RunningPlatform platform = RunningPlatform.fromRunFolder();
  final String alice = platform.require("DEMO_ALICE_API_KEY");
  final String bob = platform.require("DEMO_BOB_API_KEY");
  final String operator = platform.require("PAYFLOW_OPERATOR_API_KEY");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final PayflowClient operatorClient =
      PayflowClient.builder().baseUrl(platform.baseUrl()).apiKey(operator).build();

  /** A new open EUR account of {@code owner} funded with {@code value} (settled on return). */
  String fundedAccount(String owner, long value) throws InterruptedException {
    AccountId id =
        operatorClient.openAccount(
            AccountId.of(owner + "-sys-" + UUID.randomUUID().toString().substring(0, 8)),
            owner,
            EUR);
    if (value > 0) {
      TxId funding = operatorClient.fund(id, Money.of(value, "EUR"), "fund-" + id.value());
      assertThat(operatorClient.await(funding, SETTLE_TIMEOUT))
          .as("funding of %s", id)
          .isInstanceOf(PaymentState.Settled.class);
      awaitAvailable(id.value(), value);
    }
    return id.value();
  }

  /**
   * A payment as raw HTTP: the system tests check the API's own contract (status codes, problem
   * bodies, headers) under faults, which payflow-client exists to hide; everything around the
   * payments (accounts, funding, balances) goes through the client.
   */
  HttpResponse<String> pay(
      String apiKey, String idempotencyKey, String payer, String payee, long value) {
    return send(
        "POST",
        "/api/v1/payments",
        apiKey,
        "{\"payer\":\""
            + payer
            + "\",\"payee\":\""
            + payee
            + "\",\"amount\":{\"value\":"
            + value
            + ",\"currency\":\"EUR\"},"
            + "\"reference\":\"system\"}",
        idempotencyKey);
  }

  HttpResponse<String> status(String apiKey, String txId) {
    return send("GET", "/api/v1/payments/" + txId, apiKey, null, null);
  }

  /** Polls the status URL until it is final; fails after {@link #SETTLE_TIMEOUT}. */
  String awaitSettled(String apiKey, String txId) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status = status(apiKey, txId);
      last = status.statusCode() + " " + status.body();
      if (status.statusCode() == 200
          && (last.contains("\"SETTLED\"") || last.contains("\"REJECTED\""))) {
        return status.body();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("payment " + txId + " not decided in time: " + last);
  }

  /** Booked ({@code balance}) and cached ({@code available}) balance of an account. */
  record Balances(long booked, long available) {}

  /** Retries a transient 503 (Redis slow right after a fault), as docs/api.md tells clients. */
  Balances balances(String account) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (true) {
      try {
        Balance balance = operatorClient.balance(AccountId.of(account));
        return new Balances(
            balance.booked(), balance.available() == null ? -1 : balance.available());
      } catch (PayflowException transientOrNot) {
        boolean unavailable =
            transientOrNot.problem() != null && transientOrNot.problem().status() == 503;
        if (!unavailable || System.nanoTime() > deadline) {
          throw transientOrNot;
        }
        Thread.sleep(RETRY_AFTER_503_MS);
      }
    }
  }

  void awaitAvailable(String account, long expected) throws InterruptedException {
    awaitAvailable(account, expected, SETTLE_TIMEOUT);
  }

  void awaitAvailable(String account, long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Balance last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = operatorClient.balance(AccountId.of(account));
        if (last.available() != null && last.available() == expected) {
          return;
        }
      } catch (PayflowException notNow) {
        // e.g. 503 while Redis recovers: poll on
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "available of " + account + " never reached " + expected + ": " + last);
  }

  /** Runs reconciliation now, as the operator would ({@code POST /api/v1/ops/reconciliation}). */
  void reconcile() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    HttpResponse<String> answer = send("POST", "/api/v1/ops/reconciliation", operator, null, null);
    // 409: the scheduled run is in progress; the one asked for starts after it.
    while (answer.statusCode() == 409 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      answer = send("POST", "/api/v1/ops/reconciliation", operator, null, null);
    }
    require(answer, 200);
  }

  /** Rows per tx id of {@code payer}'s transactions on every shard: tx id → status. */
  Map<TxId, String> rowsOfPayer(String payer) throws SQLException {
    Map<TxId, String> rows = new HashMap<>();
    for (String database : platform.shardDatabases()) {
      try (Connection connection = connect(database);
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT tx_id, status FROM transactions WHERE payer = ?")) {
        select.setString(1, payer);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            TxId txId = TxId.fromBytes(row.getBytes(1));
            if (rows.put(txId, row.getString(2)) != null) {
              throw new AssertionError("two rows for " + txId);
            }
          }
        }
      }
    }
    return rows;
  }

  /** Waits until the money invariants hold on every shard (settlement may still be busy). */
  LedgerInvariants.Report awaitInvariants() throws Exception {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    LedgerInvariants.Report report;
    do {
      report = LedgerInvariants.check(this::connect, platform.shardDatabases());
      if (report.holds()) {
        return report;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return report;
  }

  Connection connect(String database) throws SQLException {
    RealServers.Endpoints servers = RealServers.get();
    return DriverManager.getConnection(
        servers.jdbcUrl(database), servers.mysqlAdminUser(), servers.mysqlAdminPassword());
  }

  HttpResponse<String> send(
      String method, String path, String apiKey, String body, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(platform.baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      request.header("X-Api-Key", apiKey);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  static String txId(String body) {
    Matcher id = TX_ID.matcher(body);
    if (!id.find()) {
      throw new AssertionError("no transaction id in " + body);
    }
    return id.group(1);
  }

  private static long number(String body, String field) {
    Matcher value = Pattern.compile(String.format(NUMBER.pattern(), field)).matcher(body);
    if (!value.find()) {
      throw new AssertionError("no " + field + " in " + body);
    }
    return Long.parseLong(value.group(1));
  }

  private static void require(HttpResponse<String> answer, int status) {
    if (answer.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + ", got " + answer.statusCode() + ": " + answer.body());
    }
  }
}
