package com.payflow.transaction;

import static com.payflow.transaction.ReadSideApp.ALICE;
import static com.payflow.transaction.ReadSideApp.ALICE_KEY;
import static com.payflow.transaction.ReadSideApp.BOB;
import static com.payflow.transaction.ReadSideApp.BOB_KEY;
import static com.payflow.transaction.ReadSideApp.OPERATOR_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.transaction.ReadSideApp.Response;
import jakarta.persistence.EntityManagerFactory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Queries on real MariaDB/MySQL shards: history pagination and running balances, lookups by
 * transaction id, who may see what, account closing, and the number of SQL statements per request
 * (Hibernate statistics).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadSideIT {

  private ReadSideApp platform;
  private TestLedger ledger;

  @BeforeAll
  void start() {
    platform = ReadSideApp.get();
    ledger = platform.ledger;
  }

  @Test
  void history_pagesThroughTenThousandEntries_stableUnderConcurrentInserts() throws Exception {
    AccountId account = ledger.open("hist", ALICE, "CUSTOMER");
    AccountId counterpart = ledger.openOnShard(ledger.shardOf(account), "src", "system", "FUNDING");
    ledger.bulk(account, counterpart, 10_000, 7);
    List<long[]> before = ledger.entries(account);
    assertThat(before).hasSize(10_000);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger inserted = new AtomicInteger();
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!stop.get()) {
                    try {
                      // Settlement-style: locks the account, inserts entries, commits.
                      ledger.settle(counterpart, account, 1 + inserted.get() % 50);
                      inserted.incrementAndGet();
                    } catch (Exception failed) {
                      throw new IllegalStateException(failed);
                    }
                  }
                });
    List<JsonNode> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    try {
      do {
        Response page =
            platform.get(
                "/api/v1/accounts/"
                    + account
                    + "/transactions?limit=137"
                    + (cursor == null ? "" : "&cursor=" + cursor),
                ALICE_KEY);
        assertThat(page.status()).isEqualTo(200);
        page.body().get("entries").forEach(seen::add);
        cursor =
            page.body().get("nextCursor").isNull()
                ? null
                : page.body().get("nextCursor").asString();
        pages++;
      } while (cursor != null);
    } finally {
      stop.set(true);
      writer.join();
    }
    assertThat(inserted.get()).as("entries inserted while paging").isPositive();
    assertThat(pages).isGreaterThan(10_000 / 137);

    // Every entry that existed before paging began is listed exactly once, newest first.
    Set<Long> ids = new HashSet<>();
    long previousId = Long.MAX_VALUE;
    for (JsonNode line : seen) {
      long id = line.get("entryId").asLong();
      assertThat(id).isLessThan(previousId);
      assertThat(ids.add(id)).isTrue();
      previousId = id;
    }
    for (long[] entry : before) {
      assertThat(ids).contains(entry[0]);
    }
    // The balance after each entry is the sum of all entries up to it (checked from the DB).
    Map<Long, Long> prefix = new java.util.HashMap<>();
    long sum = 0;
    for (long[] entry : ledger.entries(account)) {
      sum += entry[1];
      prefix.put(entry[0], sum);
    }
    for (JsonNode line : seen) {
      assertThat(line.get("balanceAfter").asLong())
          .as("balance after %s", line)
          .isEqualTo(prefix.get(line.get("entryId").asLong()));
    }
    assertThat(seen.getLast().get("balanceAfter").asLong())
        .isEqualTo(seen.getLast().get("amount").asLong());
  }

  @Test
  void history_cursorIsBoundToItsAccount_andLimitsAreBounded() throws Exception {
    AccountId one = ledger.open("cur", ALICE, "CUSTOMER");
    AccountId two = ledger.open("cur", ALICE, "CUSTOMER");
    AccountId funding = ledger.open("fund", "system", "FUNDING");
    for (int i = 0; i < 3; i++) {
      ledger.settle(funding, one, 100);
      ledger.settle(funding, two, 100);
    }
    String cursor =
        platform
            .get("/api/v1/accounts/" + one + "/transactions?limit=1", ALICE_KEY)
            .body()
            .get("nextCursor")
            .asString();
    assertThat(
            platform
                .get(
                    "/api/v1/accounts/" + one + "/transactions?limit=1&cursor=" + cursor, ALICE_KEY)
                .status())
        .isEqualTo(200);
    Response foreign =
        platform.get("/api/v1/accounts/" + two + "/transactions?cursor=" + cursor, ALICE_KEY);
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.body().get("type").asString()).endsWith("/invalid-cursor");
    char last = cursor.charAt(cursor.length() - 1);
    String forged = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(
            platform
                .get("/api/v1/accounts/" + one + "/transactions?cursor=" + forged, ALICE_KEY)
                .status())
        .isEqualTo(400);
    assertThat(
            platform.get("/api/v1/accounts/" + one + "/transactions?limit=0", ALICE_KEY).status())
        .isEqualTo(422);
    assertThat(
            platform.get("/api/v1/accounts/" + one + "/transactions?limit=501", ALICE_KEY).status())
        .isEqualTo(422);
  }

  @Test
  void accountRead_whileRedisIsPaused_isATransient503_notAnInternalError() throws Exception {
    AccountId account = ledger.open("paused", ALICE, "CUSTOMER");
    assumeTrue(
        platform.privateRedis != null && platform.privateRedis.pausable(),
        "needs one redis-server as a child process");
    HttpResponse<String> answer;
    platform.privateRedis.pause();
    try {
      answer = platform.getRaw("/api/v1/accounts/" + account, ALICE_KEY);
    } finally {
      platform.privateRedis.resume();
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    assertThat(answer.body()).contains("/problems/temporarily-unavailable");
    assertThat(platform.get("/api/v1/accounts/" + account, ALICE_KEY).status()).isEqualTo(200);
  }

  @Test
  void clients_seeOnlyTheirOwnAccountsAndTransactions_operatorSeesAll() throws Exception {
    AccountId alices = ledger.open("auth-a", ALICE, "CUSTOMER");
    AccountId bobs = ledger.open("auth-b", BOB, "CUSTOMER");
    AccountId bobsOther = ledger.open("auth-b2", BOB, "CUSTOMER");
    AccountId funding = ledger.open("fund", "system", "FUNDING");
    ledger.settle(funding, bobs, 5_000);
    TxId bobToBob = ledger.settle(bobs, bobsOther, 1_000);
    TxId bobToAlice = ledger.settle(bobs, alices, 700);

    assertThat(platform.get("/api/v1/accounts/" + bobs, ALICE_KEY).status()).isEqualTo(404);
    assertThat(platform.get("/api/v1/accounts/" + bobs + "/transactions", ALICE_KEY).status())
        .isEqualTo(404);
    assertThat(platform.get("/api/v1/transactions/" + bobToBob, ALICE_KEY).status()).isEqualTo(404);
    assertThat(
            platform.get("/api/v1/transactions/" + bobToBob + "?payer=" + bobs, ALICE_KEY).status())
        .isEqualTo(404);
    // Alice is the payee of this one: she sees it, and it is in her history.
    assertThat(platform.get("/api/v1/transactions/" + bobToAlice, ALICE_KEY).status())
        .isEqualTo(200);
    JsonNode history =
        platform.get("/api/v1/accounts/" + alices + "/transactions", ALICE_KEY).body();
    assertThat(history.get("entries").get(0).get("counterparty").asString())
        .isEqualTo(bobs.value());
    assertThat(platform.get("/api/v1/accounts/" + bobs, BOB_KEY).status()).isEqualTo(200);
    assertThat(platform.get("/api/v1/accounts/" + bobs, OPERATOR_KEY).status()).isEqualTo(200);
    assertThat(platform.get("/api/v1/transactions/" + bobToBob, OPERATOR_KEY).status())
        .isEqualTo(200);
    assertThat(platform.get("/api/v1/accounts/" + bobs, null).status()).isEqualTo(401);
    assertThat(platform.get("/api/v1/accounts/" + bobs, "wrong-key").status()).isEqualTo(401);
    assertThat(platform.post("/api/v1/accounts/" + alices + "/close", ALICE_KEY).status())
        .isEqualTo(403);
    assertThat(platform.post("/api/v1/ops/reconciliation", BOB_KEY).status()).isEqualTo(403);
  }

  @Test
  void transactionById_routesByHintOrLocator_andScattersOnlyWhenNeitherKnows() throws Exception {
    AccountId payer = ledger.open("loc-p", BOB, "CUSTOMER");
    AccountId payee =
        ledger.openOnShard(
            (ledger.shardOf(payer) + 1) % ReadSideApp.SHARDS, "loc-q", ALICE, "CUSTOMER");
    AccountId funding = ledger.open("fund", "system", "FUNDING");
    ledger.settle(funding, payer, 2_000);
    TxId crossShard = ledger.settle(payer, payee, 800);
    TxId rejected = ledger.reject(payer, payee, 9_999, "INSUFFICIENT_FUNDS");

    double scattersBefore = scatters();
    Response hinted =
        platform.get("/api/v1/transactions/" + crossShard + "?payer=" + payer, BOB_KEY);
    assertThat(hinted.status()).isEqualTo(200);
    assertThat(hinted.body().get("status").asString()).isEqualTo("SETTLED");
    assertThat(hinted.body().get("shard").asInt()).isEqualTo(ledger.shardOf(payer));
    assertThat(hinted.body().get("credit").get("state").asString()).isEqualTo("APPLIED");
    assertThat(scatters()).isEqualTo(scattersBefore);

    Response scattered = platform.get("/api/v1/transactions/" + rejected, BOB_KEY);
    assertThat(scattered.status()).isEqualTo(200);
    assertThat(scattered.body().get("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(scatters()).isEqualTo(scattersBefore + 1);
    // The scatter wrote the locator back: the next lookup goes straight to the shard.
    assertThat(platform.redis.hget(RedisKeys.status(rejected), "payer")).isEqualTo(payer.value());
    assertThat(platform.get("/api/v1/transactions/" + rejected, BOB_KEY).status()).isEqualTo(200);
    assertThat(scatters()).isEqualTo(scattersBefore + 1);

    // A wrong hint is authoritative: the row is on the payer's shard or nowhere.
    assertThat(
            platform
                .get("/api/v1/transactions/" + crossShard + "?payer=" + payee, OPERATOR_KEY)
                .status())
        .isEqualTo(404);
    assertThat(platform.get("/api/v1/transactions/not-a-uuid", BOB_KEY).status()).isEqualTo(400);
  }

  @Test
  void historyPage_isOneStatement_whateverItsSize_noNPlusOne() throws Exception {
    AccountId account = ledger.open("np1", ALICE, "CUSTOMER");
    AccountId sameShard = ledger.openOnShard(ledger.shardOf(account), "np1-s", BOB, "CUSTOMER");
    AccountId otherShard =
        ledger.openOnShard(
            (ledger.shardOf(account) + 1) % ReadSideApp.SHARDS, "np1-o", BOB, "CUSTOMER");
    AccountId funding = ledger.open("fund", "system", "FUNDING");
    ledger.settle(funding, account, 100_000);
    ledger.settle(funding, otherShard, 100_000);
    for (int i = 0; i < 60; i++) {
      ledger.settle(account, sameShard, 10);
      ledger.settle(otherShard, account, 5); // cross-shard credit: a credit leg, no tx row
    }
    Statistics statistics =
        platform
            .app
            .getBean(EntityManagerFactory.class)
            .unwrap(SessionFactory.class)
            .getStatistics();

    long small = statementsFor("/api/v1/accounts/" + account + "/transactions?limit=5", statistics);
    long large =
        statementsFor("/api/v1/accounts/" + account + "/transactions?limit=121", statistics);
    assertThat(small).as("statements for a page of 5").isEqualTo(2); // account + entries
    assertThat(large).as("statements for a page of 121").isEqualTo(small);

    JsonNode page =
        platform.get("/api/v1/accounts/" + account + "/transactions?limit=121", ALICE_KEY).body();
    Set<String> counterparties = new HashSet<>();
    page.get("entries").forEach(line -> counterparties.add(line.get("counterparty").asString()));
    assertThat(counterparties).contains(sameShard.value(), otherShard.value());
  }

  @Test
  void close_refusesWhileMoneyOrHoldsRemain_thenClosesInShardAndCache() throws Exception {
    AccountId funded = ledger.open("close-f", ALICE, "CUSTOMER");
    AccountId funding = ledger.open("fund", "system", "FUNDING");
    ledger.settle(funding, funded, 300);
    Response refused = platform.post("/api/v1/accounts/" + funded + "/close", OPERATOR_KEY);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("type").asString()).endsWith("/balance-not-zero");

    AccountId held = ledger.open("close-h", ALICE, "CUSTOMER");
    cache(held, ALICE, 0);
    platform.redis.hset(
        RedisKeys.holds(held), TxId.forSystemTransfer("it", held.value()).toString(), "10");
    Response inFlight = platform.post("/api/v1/accounts/" + held + "/close", OPERATOR_KEY);
    assertThat(inFlight.status()).isEqualTo(409);
    assertThat(inFlight.body().get("type").asString()).endsWith("/payments-in-flight");
    assertThat(platform.redis.hget(RedisKeys.balance(held), "status")).isEqualTo("OPEN");

    AccountId empty = ledger.open("close-e", ALICE, "CUSTOMER");
    cache(empty, ALICE, 0);
    Response closed = platform.post("/api/v1/accounts/" + empty + "/close", OPERATOR_KEY);
    assertThat(closed.status()).isEqualTo(200);
    assertThat(closed.body().get("status").asString()).isEqualTo("CLOSED");
    assertThat(ledger.status(empty)).isEqualTo("CLOSED");
    assertThat(platform.redis.hget(RedisKeys.balance(empty), "status")).isEqualTo("CLOSED");
    assertThat(platform.post("/api/v1/accounts/" + empty + "/close", OPERATOR_KEY).status())
        .as("closing twice answers the closed account")
        .isEqualTo(200);
    assertThat(platform.post("/api/v1/accounts/" + funding + "/close", OPERATOR_KEY).status())
        .isEqualTo(409);
  }

  private void cache(AccountId account, String owner, long available) {
    platform.redis.hset(
        RedisKeys.balance(account),
        Map.of(
            "avail",
            Long.toString(available),
            "cur",
            TestLedger.CURRENCY,
            "owner",
            owner,
            "status",
            "OPEN"));
  }

  private long statementsFor(String path, Statistics statistics) throws Exception {
    statistics.clear();
    assertThat(platform.get(path, ALICE_KEY).status()).isEqualTo(200);
    return statistics.getPrepareStatementCount();
  }

  private double scatters() throws Exception {
    String scrape = platform.prometheus();
    for (String line : scrape.split("\n")) {
      if (line.startsWith("payflow_query_transaction_scatter_total")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    // The counter is registered at start-up: a scrape without it is a broken scrape, not 0.
    throw new AssertionError(
        "no payflow_query_transaction_scatter_total in the scrape: "
            + scrape.substring(0, Math.min(scrape.length(), 500)));
  }
}
