package com.payflow.transaction;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.payment.TxId;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.net.http.HttpResponse;
import java.sql.SQLException;

/**
 * What the tests of other packages (payment/) may use of the shared in-process transaction-service
 * ({@link ReadSideApp}) and its shards ({@link TestLedger}).
 */
public final class PaymentStatusFixture {

  public static final String ALICE = ReadSideApp.ALICE;
  public static final String ALICE_KEY = ReadSideApp.ALICE_KEY;
  public static final String BOB = ReadSideApp.BOB;
  public static final String BOB_KEY = ReadSideApp.BOB_KEY;
  public static final String OPERATOR_KEY = ReadSideApp.OPERATOR_KEY;

  /** payflow.payment-status.catch-up-wait-ms of the test service. */
  public static final long CATCH_UP_WAIT_MS = ReadSideApp.CATCH_UP_WAIT_MS;

  private final ReadSideApp app;
  private final Ledger ledger;

  private PaymentStatusFixture(ReadSideApp app) {
    this.app = app;
    this.ledger = new Ledger(app.ledger);
  }

  /** The shared service (started on first use). */
  public static PaymentStatusFixture get() {
    return new PaymentStatusFixture(ReadSideApp.get());
  }

  /** The service's own Redis (private to the tests). */
  public RedisClusterCommands<String, String> redis() {
    return app.redis;
  }

  /** The submitted topic whose progress the service checks. */
  public String submittedTopic() {
    return app.submittedTopic;
  }

  /** The consumer group the service takes for settlement's. */
  public String settlementGroup() {
    return app.settlementGroup;
  }

  /** A GET to the service ({@code apiKey} null: none sent). */
  public HttpResponse<String> getRaw(String path, String apiKey) throws Exception {
    return app.getRaw(path, apiKey);
  }

  /** A JSON POST to the service with an Idempotency-Key. */
  public HttpResponse<String> postJson(
      String path, String apiKey, String idempotencyKey, String json) throws Exception {
    return app.postJson(path, apiKey, idempotencyKey, json);
  }

  /** A new open customer account of {@code owner} on the shards. */
  public AccountId openAccount(String prefix, String owner) throws SQLException {
    return app.ledger.open(prefix, owner, "CUSTOMER");
  }

  /** Books {@code amount} from a funding account to {@code account}. */
  public void fund(AccountId account, long amount) throws SQLException {
    app.ledger.settle(app.ledger.open("st-fund", "system", "FUNDING"), account, amount);
  }

  /** Shard rows written the way settlement writes them. */
  public Ledger ledger() {
    return ledger;
  }

  /** Rows of payments submitted by an API client. */
  public static final class Ledger {

    private final TestLedger ledger;

    private Ledger(TestLedger ledger) {
      this.ledger = ledger;
    }

    /** A settled payment of {@code client}; returns its id. */
    public TxId settle(String client, AccountId payer, AccountId payee, long amount)
        throws SQLException {
      return ledger.settle(client, payer, payee, amount);
    }

    /** A rejected payment of {@code client}; returns its id. */
    public TxId reject(String client, AccountId payer, AccountId payee, long amount, String reason)
        throws SQLException {
      return ledger.reject(client, payer, payee, amount, reason);
    }
  }
}
