package com.payflow.transaction;

import static com.payflow.transaction.ReadSideApp.ALICE;
import static com.payflow.transaction.ReadSideApp.ALICE_KEY;
import static com.payflow.transaction.ReadSideApp.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.event.RejectionReason;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.transaction.account.Account;
import com.payflow.transaction.projection.BalanceCache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Redis projection of payments.outcomes, and the cache rebuild after Redis lost its data. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionIT {

  /** Upper bound on a rebuild of this test's accounts, check interval included. */
  private static final Duration REBUILD_BOUND = Duration.ofSeconds(20);

  private static final int BULK_ACCOUNTS = 50_000;

  private ReadSideApp platform;

  @BeforeAll
  void start() {
    platform = ReadSideApp.get();
  }

  @Test
  void everyOutcomeDeliveredTwice_changesTheCacheOnce() throws Exception {
    AccountId payer = new AccountId("proj-p-" + UUID.randomUUID().toString().substring(0, 8));
    AccountId payee = new AccountId("proj-q-" + UUID.randomUUID().toString().substring(0, 8));
    cache(payer, 10_000);
    cache(payee, 0);
    TxId settled = hold(payer, 3_000);
    TxId rejected = hold(payer, 2_000);
    TxId releasedButSettled = hold(payer, 500);
    // The gateway released this one after a send that looked failed but reached Kafka.
    platform.redis.hdel(holds(payer), releasedButSettled.toString());
    platform.redis.hincrby(balance(payer), "avail", 500);
    platform.redis.hset(RedisKeys.released(payer), releasedButSettled.toString(), "500");
    assertThat(avail(payer)).isEqualTo(5_000);

    List<PaymentOutcome> outcomes =
        List.of(
            outcome(settled, PaymentOutcome.Status.SETTLED, payer, payee, 3_000),
            outcome(settled, PaymentOutcome.Status.CREDITED, payer, payee, 3_000),
            outcome(rejected, PaymentOutcome.Status.REJECTED, payer, payee, 2_000),
            outcome(releasedButSettled, PaymentOutcome.Status.SETTLED, payer, payee, 500),
            outcome(releasedButSettled, PaymentOutcome.Status.CREDITED, payer, payee, 500));
    List<PaymentOutcome> twice = new ArrayList<>(outcomes);
    twice.addAll(outcomes);
    publishInOrderAndAwait(twice);
    assertExpected(payer, payee, settled, rejected);

    // And a third time, much later: still nothing changes.
    publishInOrderAndAwait(outcomes);
    assertExpected(payer, payee, settled, rejected);
  }

  private void assertExpected(AccountId payer, AccountId payee, TxId settled, TxId rejected) {
    // 10 000 - 3 000 settled - 500 settled after its release; the rejected 2 000 came back.
    assertThat(avail(payer)).isEqualTo(6_500);
    assertThat(platform.redis.hlen(holds(payer))).isZero();
    assertThat(platform.redis.hlen(RedisKeys.released(payer))).isZero();
    assertThat(avail(payee)).isEqualTo(3_500);
    assertThat(platform.redis.hgetall(RedisKeys.status(settled)))
        .containsEntry("status", "SETTLED")
        .containsEntry("credited", "true")
        .containsEntry("payer", payer.value());
    assertThat(platform.redis.hgetall(RedisKeys.status(rejected)))
        .containsEntry("status", "REJECTED")
        .containsEntry("reason", "INSUFFICIENT_FUNDS");
  }

  @Test
  void resubmittedSettledOutcome_releasesTheRetrysHold_onTheReloadedBookedBalance()
      throws Exception {
    TestLedger ledger = platform.ledger;
    AccountId funding = ledger.open("resub-f", "system", "FUNDING");
    AccountId payer = ledger.open("resub-p", ALICE, "CUSTOMER");
    AccountId payee = ledger.open("resub-q", BOB, "CUSTOMER");
    ledger.settle(funding, payer, 10_000);
    TxId txId = ledger.settle(payer, payee, 3_000);
    // Redis lost everything and the cache was loaded from the books: the debit is in it.
    loadFromTheBooks(payer, ALICE);
    loadFromTheBooks(payee, BOB);
    assertThat(avail(payer)).isEqualTo(7_000);
    assertThat(avail(payee)).isEqualTo(3_000);
    // The client retried with the same Idempotency-Key; the gateway held the amount again.
    hold(payer, txId, 3_000);
    assertThat(avail(payer)).isEqualTo(4_000);

    PaymentOutcome resubmitted =
        new PaymentOutcome(
            txId,
            PaymentOutcome.Status.SETTLED,
            null,
            payer,
            payee,
            new Money(3_000, java.util.Currency.getInstance("EUR")),
            Instant.now(),
            true);
    publishInOrderAndAwait(List.of(resubmitted));

    assertThat(avail(payer))
        .as("the retry's hold released, the booked balance left")
        .isEqualTo(7_000);
    assertThat(platform.redis.hexists(holds(payer), txId.toString())).isFalse();
    assertThat(avail(payee)).as("the payee is not credited again").isEqualTo(3_000);
    assertThat(platform.redis.exists(RedisKeys.credited(payee, txId))).isZero();
    assertThat(platform.redis.hgetall(RedisKeys.status(txId)))
        .containsEntry("status", "SETTLED")
        .containsEntry("payer", payer.value())
        .doesNotContainKey("credited");

    // Delivered again: the hold is gone, so nothing is given back twice.
    publishInOrderAndAwait(List.of(resubmitted, resubmitted));
    assertThat(avail(payer)).isEqualTo(7_000);
    assertThat(avail(payee)).isEqualTo(3_000);
  }

  @Test
  void resubmittedOutcomes_withoutAHold_changeNoBalance() throws Exception {
    AccountId payer = new AccountId("proj-p-" + UUID.randomUUID().toString().substring(0, 8));
    AccountId payee = new AccountId("proj-q-" + UUID.randomUUID().toString().substring(0, 8));
    cache(payer, 5_000);
    cache(payee, 0);
    TxId settled = TxId.forPayment(new ClientId(ALICE), UUID.randomUUID().toString());
    TxId rejected = TxId.forPayment(new ClientId(ALICE), UUID.randomUUID().toString());
    // The retry's hold was already given back by the gateway (its send looked failed).
    TxId releasedRetry = TxId.forPayment(new ClientId(ALICE), UUID.randomUUID().toString());
    platform.redis.hset(RedisKeys.released(payer), releasedRetry.toString(), "700");

    publishInOrderAndAwait(
        List.of(
            resubmission(settled, PaymentOutcome.Status.SETTLED, payer, payee, 1_000),
            resubmission(rejected, PaymentOutcome.Status.REJECTED, payer, payee, 2_000),
            resubmission(releasedRetry, PaymentOutcome.Status.SETTLED, payer, payee, 700)));

    assertThat(avail(payer)).isEqualTo(5_000);
    assertThat(avail(payee)).isZero();
    assertThat(platform.redis.hlen(holds(payer))).isZero();
    assertThat(platform.redis.hexists(RedisKeys.released(payer), releasedRetry.toString()))
        .as("released marker cleared")
        .isFalse();
    assertThat(platform.redis.hgetall(RedisKeys.status(rejected)))
        .containsEntry("status", "REJECTED")
        .containsEntry("reason", "INSUFFICIENT_FUNDS");
  }

  @Test
  void firstSettledOutcome_stillClosesTheHold_withoutGivingItBack() throws Exception {
    AccountId payer = new AccountId("proj-p-" + UUID.randomUUID().toString().substring(0, 8));
    AccountId payee = new AccountId("proj-q-" + UUID.randomUUID().toString().substring(0, 8));
    cache(payer, 10_000);
    cache(payee, 0);
    TxId txId = hold(payer, 3_000);
    publishInOrderAndAwait(
        List.of(
            outcome(txId, PaymentOutcome.Status.SETTLED, payer, payee, 3_000),
            outcome(txId, PaymentOutcome.Status.CREDITED, payer, payee, 3_000)));
    assertThat(avail(payer)).isEqualTo(7_000);
    assertThat(platform.redis.hlen(holds(payer))).isZero();
    assertThat(avail(payee)).isEqualTo(3_000);
  }

  @Test
  void aResubmissionHasNoCreditedOutcome_andTheFlagSurvivesTheWire() {
    TxId txId = TxId.forPayment(new ClientId(ALICE), UUID.randomUUID().toString());
    AccountId payer = new AccountId("proj-p-x");
    AccountId payee = new AccountId("proj-q-x");
    Money amount = new Money(10, java.util.Currency.getInstance("EUR"));
    assertThatThrownBy(
            () ->
                new PaymentOutcome(
                    txId,
                    PaymentOutcome.Status.CREDITED,
                    null,
                    payer,
                    payee,
                    amount,
                    Instant.now(),
                    true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CREDITED");
    PaymentOutcome resubmitted =
        new PaymentOutcome(
            txId, PaymentOutcome.Status.SETTLED, null, payer, payee, amount, Instant.now(), true);
    assertThat(EventJson.read(EventJson.write(resubmitted), PaymentOutcome.class))
        .isEqualTo(resubmitted);
    assertThat(
            new PaymentOutcome(
                    txId, PaymentOutcome.Status.CREDITED, null, payer, payee, amount, Instant.now())
                .resubmission())
        .isFalse();
  }

  @Test
  void flushAll_rebuildsTheCacheFromTheShards_withinTheBound() throws Exception {
    assumeTrue(platform.flushAllowed(), "no private Redis to flush");
    TestLedger ledger = platform.ledger;
    AccountId funding = ledger.open("fund", "system", "FUNDING");
    List<AccountId> accounts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      AccountId account = ledger.open("rebuild", i % 2 == 0 ? ALICE : BOB, "CUSTOMER");
      ledger.settle(funding, account, 100 + i);
      accounts.add(account);
    }
    // Bulk of the volume: empty accounts, inserted directly (the rebuild reads accounts only).
    ledger.insertEmptyAccounts("rebuild-bulk", BULK_ACCOUNTS);
    AccountId closed = ledger.open("rebuild-c", ALICE, "CUSTOMER");
    try (var connection = ledger.connect(ledger.shardOf(closed));
        var close =
            connection.prepareStatement("UPDATE accounts SET status = 'CLOSED' WHERE id = ?")) {
      close.setString(1, closed.value());
      close.executeUpdate();
    }

    long flushedAt = System.nanoTime();
    platform.redis.flushall();
    Await.until(
        REBUILD_BOUND,
        "cache marked ready again",
        () -> platform.redis.exists(ReadSideApp.READY_KEY) == 1);
    Duration took = Duration.ofNanos(System.nanoTime() - flushedAt);

    for (AccountId account : accounts) {
      assertThat(platform.redis.hgetall(balance(account)))
          .as("cached %s", account)
          .containsEntry("avail", Long.toString(ledger.balance(account)))
          .containsEntry("status", "OPEN")
          .containsEntry("cur", "EUR")
          .containsKey("owner");
    }
    assertThat(platform.redis.hget(balance(closed), "status")).isEqualTo("CLOSED");
    // API keys are configuration: republished, so clients authenticate again.
    assertThat(platform.redis.hlen(RedisKeys.API_KEYS)).isEqualTo(2);
    assertThat(platform.get("/api/v1/accounts/" + accounts.getFirst(), ALICE_KEY).status())
        .isEqualTo(200);
    assertThat(platform.prometheus()).contains("payflow_cache_rebuilds_total");
    assertThat(took).isLessThan(REBUILD_BOUND);
    System.out.printf(
        "rebuild after FLUSHALL: %d ms for %d+ accounts (docs/operations.md)%n",
        took.toMillis(), BULK_ACCOUNTS + accounts.size());
  }

  // --- helpers ---------------------------------------------------------------------------

  /** Publishes under one key (one partition, in order), then a marker; waits for the marker. */
  private void publishInOrderAndAwait(List<PaymentOutcome> outcomes) throws Exception {
    String key = "it-" + UUID.randomUUID();
    for (PaymentOutcome outcome : outcomes) {
      platform.publish(key, outcome);
    }
    AccountId marker = new AccountId("proj-m-" + UUID.randomUUID().toString().substring(0, 8));
    cache(marker, 0);
    platform.publish(
        key,
        outcome(
            TxId.forSystemTransfer("it", key), PaymentOutcome.Status.CREDITED, marker, marker, 1));
    Await.until(Duration.ofSeconds(30), "marker outcome projected", () -> avail(marker) == 1);
  }

  private static PaymentOutcome outcome(
      TxId txId, PaymentOutcome.Status status, AccountId payer, AccountId payee, long amount) {
    return new PaymentOutcome(
        txId,
        status,
        status == PaymentOutcome.Status.REJECTED ? RejectionReason.INSUFFICIENT_FUNDS : null,
        payer,
        payee,
        new Money(amount, java.util.Currency.getInstance("EUR")),
        Instant.now());
  }

  /** A hold as the gateway's hold.lua takes it. */
  private TxId hold(AccountId payer, long amount) {
    TxId txId = TxId.forPayment(new ClientId(ALICE), UUID.randomUUID().toString());
    hold(payer, txId, amount);
    return txId;
  }

  /** A hold for {@code txId} as the gateway's hold.lua takes it. */
  private void hold(AccountId payer, TxId txId, long amount) {
    platform.redis.hincrby(balance(payer), "avail", -amount);
    platform.redis.hset(holds(payer), txId.toString(), Long.toString(amount));
  }

  /** A payer outcome of a resubmitted tx id, as settlement announces it. */
  private static PaymentOutcome resubmission(
      TxId txId, PaymentOutcome.Status status, AccountId payer, AccountId payee, long amount) {
    return new PaymentOutcome(
        txId,
        status,
        status == PaymentOutcome.Status.REJECTED ? RejectionReason.INSUFFICIENT_FUNDS : null,
        payer,
        payee,
        new Money(amount, java.util.Currency.getInstance("EUR")),
        Instant.now(),
        true);
  }

  /** Caches {@code account} with its booked balance, as the rebuild after a flush does. */
  private void loadFromTheBooks(AccountId account, String owner) throws Exception {
    TestLedger ledger = platform.ledger;
    platform
        .app
        .getBean(BalanceCache.class)
        .loadIfAbsent(
            List.of(
                new Account(
                        account.value(),
                        owner,
                        TestLedger.CURRENCY,
                        "CUSTOMER",
                        ledger.status(account),
                        ledger.balance(account))
                    .booked()));
  }

  private void cache(AccountId account, long available) {
    platform.redis.hset(
        balance(account),
        Map.of("avail", Long.toString(available), "cur", "EUR", "owner", ALICE, "status", "OPEN"));
  }

  private long avail(AccountId account) {
    String value = platform.redis.hget(balance(account), "avail");
    return value == null ? Long.MIN_VALUE : Long.parseLong(value);
  }

  private static String balance(AccountId account) {
    return RedisKeys.balance(account);
  }

  private static String holds(AccountId account) {
    return RedisKeys.holds(account);
  }
}
