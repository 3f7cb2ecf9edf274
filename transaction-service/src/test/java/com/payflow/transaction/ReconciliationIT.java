package com.payflow.transaction;

import static com.payflow.transaction.ReadSideApp.ALICE;
import static com.payflow.transaction.ReadSideApp.OPERATOR_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.transaction.ReadSideApp.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliation of the Redis cache against the shards: drift reported, confirmed, repaired — but
 * never towards a booked balance the shard's own entries do not add up to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationIT {

  private ReadSideApp platform;
  private TestLedger ledger;
  private AccountId funding;

  @BeforeAll
  void start() throws Exception {
    platform = ReadSideApp.get();
    ledger = platform.ledger;
    funding = ledger.open("fund", "system", "FUNDING");
  }

  @Test
  void injectedDrift_isReportedFirst_thenRepairedWhenSeenAgainUnchanged() throws Exception {
    AccountId account = ledger.open("drift", ALICE, "CUSTOMER");
    ledger.settle(funding, account, 5_000);
    cache(account, 5_000);
    platform.redis.hincrby(balance(account), "avail", 700);

    JsonNode first = reconcile();
    assertThat(driftOf(first, account)).isEqualTo(700);
    assertThat(first.get("projectionLag").asLong())
        .as("lag of the projection's own group")
        .isBetween(0L, 1_000L);
    assertThat(first.get("repairsAllowed").asBoolean()).isTrue();
    assertThat(avail(account)).as("one sighting is not enough").isEqualTo(5_700);

    // The drift moved (something happened in between): still not confirmed.
    platform.redis.hincrby(balance(account), "avail", 1);
    assertThat(driftOf(reconcile(), account)).isEqualTo(701);
    assertThat(avail(account)).isEqualTo(5_701);

    JsonNode third = reconcile();
    assertThat(avail(account)).isEqualTo(5_000);
    assertThat(repairOf(third, account, "available").get("amount").asLong()).isEqualTo(-701);
    assertThat(
            platform
                .get("/api/v1/ops/reconciliation", OPERATOR_KEY)
                .body()
                .get("startedAt")
                .asString())
        .isEqualTo(third.get("startedAt").asString());
    assertThat(platform.prometheus())
        .contains(
            "payflow_reconciliation_repairs_total{application=\"transaction-service\","
                + "kind=\"available\"}")
        .contains("payflow_reconciliation_drift_accounts");
    assertThat(driftOf(reconcile(), account)).as("repaired").isZero();
  }

  @Test
  void decidedHoldIsClosed_andOrphanedHoldReleasedAfterTheBound() throws Exception {
    AccountId account = ledger.open("holds", ALICE, "CUSTOMER");
    AccountId payee = ledger.open("holds-q", ALICE, "CUSTOMER");
    ledger.settle(funding, account, 1_000);
    cache(account, 1_000);
    // Settled in the shard, but the projection never saw its outcome: the hold stays.
    TxId decided = ledger.settle(account, payee, 200);
    hold(account, decided, 200);
    // Held at the gateway, never reached Kafka (gateway died before sending).
    TxId orphan = TxId.forPayment(new ClientId(ALICE), UUID.randomUUID().toString());
    hold(account, orphan, 100);
    assertThat(avail(account)).isEqualTo(700);

    JsonNode first = reconcile();
    assertThat(repairOf(first, account, "hold-decided").get("transactionId").asString())
        .isEqualTo(decided.toString());
    assertThat(platform.redis.hexists(holds(account), decided.toString())).isFalse();
    assertThat(platform.redis.hget(RedisKeys.status(decided), "status")).isEqualTo("SETTLED");
    assertThat(platform.redis.hexists(holds(account), orphan.toString()))
        .as("too young to release")
        .isTrue();
    assertThat(avail(account)).isEqualTo(700);

    Thread.sleep(ReadSideApp.HOLD_RELEASE_AFTER_MS + 200);
    JsonNode second = reconcile();
    assertThat(repairOf(second, account, "hold-released").get("amount").asLong()).isEqualTo(100);
    assertThat(platform.redis.hlen(holds(account))).isZero();
    assertThat(platform.redis.hget(RedisKeys.released(account), orphan.toString()))
        .as("remembered, so a late settlement is still taken off")
        .isEqualTo("100");
    assertThat(avail(account)).isEqualTo(ledger.balance(account)).isEqualTo(800);
  }

  @Test
  void statusDriftAndMissingEntries_areRepaired_closedAccountsWithMoneyReported() throws Exception {
    AccountId closedInShard = ledger.open("status", ALICE, "CUSTOMER");
    cache(closedInShard, 0);
    setStatusInShard(closedInShard, "CLOSED");
    AccountId notCached = ledger.open("missing", ALICE, "CUSTOMER");
    ledger.settle(funding, notCached, 42);
    AccountId closedWithMoney = ledger.open("closed-money", ALICE, "CUSTOMER");
    ledger.settle(funding, closedWithMoney, 9);
    cache(closedWithMoney, 9);
    setStatusInShard(closedWithMoney, "CLOSED");
    platform.redis.hset(balance(closedWithMoney), "status", "CLOSED");

    JsonNode first = reconcile();
    assertThat(repairOf(first, notCached, "missing")).isNotNull();
    assertThat(platform.redis.hgetall(balance(notCached)))
        .containsEntry("avail", "42")
        .containsEntry("status", "OPEN")
        .containsEntry("owner", ALICE);
    assertThat(first.get("findings").toString()).contains(closedWithMoney.value());
    assertThat(first.get("closedWithBalance").asLong()).isPositive();
    assertThat(platform.redis.hget(balance(closedInShard), "status")).isEqualTo("OPEN");

    reconcile();
    assertThat(platform.redis.hget(balance(closedInShard), "status")).isEqualTo("CLOSED");
  }

  @Test
  void balanceChangedInTheShard_isReportedEveryRun_andNeverRepairedTowards() throws Exception {
    AccountId account = ledger.open("tampered", ALICE, "CUSTOMER");
    ledger.settle(funding, account, 5_000);
    cache(account, 5_000);
    addToShardBalance(account, 100_000);
    try {
      JsonNode first = reconcile();
      assertThat(driftOf(first, account)).isEqualTo(-100_000);
      assertThat(hasRepair(first, account)).isFalse();
      // Checked when the drift is confirmed, i.e. when it would be repaired; then every run.
      for (int run = 2; run <= 3; run++) {
        JsonNode report = reconcile();
        assertThat(driftOf(report, account)).as("run %d", run).isEqualTo(-100_000);
        JsonNode inconsistency = inconsistencyOf(report, account);
        assertThat(inconsistency.get("shard").asInt()).isEqualTo(ledger.shardOf(account));
        assertThat(inconsistency.get("booked").asLong()).isEqualTo(105_000);
        assertThat(inconsistency.get("entriesSum").asLong()).isEqualTo(5_000);
        assertThat(report.get("ledgerInconsistent").asLong()).isPositive();
        assertThat(report.get("findings").toString())
            .contains("ledger-inconsistent: " + account.value());
        assertThat(hasRepair(report, account)).as("run %d", run).isFalse();
        assertThat(avail(account))
            .as("run %d: the cache keeps what the entries say", run)
            .isEqualTo(5_000);
      }
      assertThat(platform.prometheus()).contains("payflow_reconciliation_ledger_inconsistent");
    } finally {
      addToShardBalance(account, -100_000);
    }
    assertThat(inconsistencyOrNull(reconcile(), account)).as("books agree again").isNull();
  }

  @Test
  void missingCacheEntry_ofATamperedAccount_isNotLoaded() throws Exception {
    AccountId account = ledger.open("tampered-missing", ALICE, "CUSTOMER");
    ledger.settle(funding, account, 300);
    addToShardBalance(account, 100_000);
    try {
      JsonNode report = reconcile();
      assertThat(inconsistencyOf(report, account).get("booked").asLong()).isEqualTo(100_300);
      assertThat(hasRepair(report, account)).isFalse();
      assertThat(platform.redis.exists(balance(account))).as("not loaded").isZero();
    } finally {
      addToShardBalance(account, -100_000);
    }
    assertThat(repairOf(reconcile(), account, "missing")).isNotNull();
    assertThat(avail(account)).isEqualTo(300);
  }

  // --- helpers ---------------------------------------------------------------------------

  /** Changes the booked balance the way issue 14 §4 does: no transaction, no entry. */
  private void addToShardBalance(AccountId account, long delta) throws Exception {
    try (var connection = ledger.connect(ledger.shardOf(account));
        var update =
            connection.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
      update.setLong(1, delta);
      update.setString(2, account.value());
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private static JsonNode inconsistencyOf(JsonNode report, AccountId account) {
    JsonNode found = inconsistencyOrNull(report, account);
    assertThat(found).as("ledger inconsistency of %s in %s", account, report).isNotNull();
    return found;
  }

  private static JsonNode inconsistencyOrNull(JsonNode report, AccountId account) {
    for (JsonNode inconsistency : report.get("ledgerInconsistencies")) {
      if (inconsistency.get("account").asString().equals(account.value())) {
        return inconsistency;
      }
    }
    return null;
  }

  private static boolean hasRepair(JsonNode report, AccountId account) {
    for (JsonNode repair : report.get("repairs")) {
      if (repair.get("account").asString().equals(account.value())) {
        return true;
      }
    }
    return false;
  }

  private JsonNode reconcile() throws Exception {
    Response response = platform.post("/api/v1/ops/reconciliation", OPERATOR_KEY);
    assertThat(response.status()).as("reconciliation: %s", response.body()).isEqualTo(200);
    assertThat(response.body().get("outcome").asString()).isEqualTo("completed");
    return response.body();
  }

  private static long driftOf(JsonNode report, AccountId account) {
    for (JsonNode drift : report.get("drifts")) {
      if (drift.get("account").asString().equals(account.value())) {
        return drift.get("drift").asLong();
      }
    }
    return 0;
  }

  private static JsonNode repairOf(JsonNode report, AccountId account, String kind) {
    for (JsonNode repair : report.get("repairs")) {
      if (repair.get("account").asString().equals(account.value())
          && repair.get("kind").asString().equals(kind)) {
        return repair;
      }
    }
    throw new AssertionError("no " + kind + " repair of " + account + " in " + report);
  }

  private void setStatusInShard(AccountId account, String status) throws Exception {
    try (var connection = ledger.connect(ledger.shardOf(account));
        var update = connection.prepareStatement("UPDATE accounts SET status = ? WHERE id = ?")) {
      update.setString(1, status);
      update.setString(2, account.value());
      update.executeUpdate();
    }
  }

  private void hold(AccountId account, TxId txId, long amount) {
    platform.redis.hincrby(balance(account), "avail", -amount);
    platform.redis.hset(holds(account), txId.toString(), Long.toString(amount));
  }

  private void cache(AccountId account, long available) {
    platform.redis.hset(
        balance(account),
        Map.of("avail", Long.toString(available), "cur", "EUR", "owner", ALICE, "status", "OPEN"));
  }

  private long avail(AccountId account) {
    return Long.parseLong(platform.redis.hget(balance(account), "avail"));
  }

  private static String balance(AccountId account) {
    return RedisKeys.balance(account);
  }

  private static String holds(AccountId account) {
    return RedisKeys.holds(account);
  }
}
