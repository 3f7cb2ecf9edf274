package com.payflow.systemtest.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.testsupport.RealServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis runs without persistence: after it loses its data (FLUSHALL, or a restart), a client that
 * polls its status URL or replays its request must still hear the truth (issue 14 §2). The status
 * comes from the shard row (never 404 for a payment that exists), and a replay with the same key is
 * de-duplicated by settlement without leaving a hold on the payer or crediting the payee's cached
 * balance a second time.
 */
class RedisDataLossSystemIT {

  private static final long FUNDS = 1_000;
  private static final long AMOUNT = 5;
  private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(60);
  private static final String READY_KEY = RedisKeys.CACHE_READY;

  /**
   * Well under reconciliation's interval (60 s): the cache must be right by the projection alone,
   * not because reconciliation repaired it afterwards.
   */
  private static final Duration PROJECTED_WITHIN = Duration.ofSeconds(15);

  private final SystemApi api = new SystemApi();

  @Test
  void afterFlushall_statusAndReplayTellTheTruth_andChangeNoBalance() throws Exception {
    loseRedisData(RedisCommands::flushall);
  }

  @Test
  void afterARestart_statusAndReplayTellTheTruth_andChangeNoBalance() throws Exception {
    assumeTrue(
        redisServerBinary() != null && !"Testcontainers".equals(RealServers.get().source()),
        "restarts only the machine's own redis-server");
    loseRedisData(RedisDataLossSystemIT::restart);
  }

  private void loseRedisData(RedisAction loss) throws Exception {
    String payer = api.fundedAccount("alice", FUNDS);
    String payee = api.fundedAccount("bob", 0);
    String key = "loss-" + UUID.randomUUID();
    HttpResponse<String> accepted = api.pay(api.alice, key, payer, payee, AMOUNT);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String txId = SystemApi.txId(accepted.body());
    assertThat(api.awaitSettled(api.alice, txId)).contains("SETTLED");
    api.awaitAvailable(payer, FUNDS - AMOUNT);
    api.awaitAvailable(payee, AMOUNT);

    try (RedisClient client = RedisClient.create(RealServers.get().redisUri())) {
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        loss.apply(connection.sync());
      }
      awaitRebuilt(client);
    }

    // The status URL the 202 gave still answers the truth, from the shard row.
    HttpResponse<String> status = api.status(api.alice, txId);
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    assertThat(status.body()).contains("\"SETTLED\"");
    // Only the submitter (and the operator) may read it, as before the loss.
    assertThat(api.status(api.bob, txId).statusCode()).isEqualTo(404);

    // The replay is answered with the same id and settles nothing twice.
    HttpResponse<String> replay = api.pay(api.alice, key, payer, payee, AMOUNT);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
    assertThat(SystemApi.txId(replay.body())).isEqualTo(txId);
    assertThat(api.rowsOfPayer(payer).values()).containsExactly("SETTLED");
    // Settlement answers the resubmission, and the projection releases its hold: the cached
    // balances equal the booked ones again, without any reconciliation run.
    awaitNoHold(payer, txId);
    api.awaitAvailable(payer, FUNDS - AMOUNT, PROJECTED_WITHIN);
    api.awaitAvailable(payee, AMOUNT, PROJECTED_WITHIN);
    SystemApi.Balances payerNow = api.balances(payer);
    SystemApi.Balances payeeNow = api.balances(payee);
    assertThat(payerNow).isEqualTo(new SystemApi.Balances(FUNDS - AMOUNT, FUNDS - AMOUNT));
    assertThat(payeeNow).isEqualTo(new SystemApi.Balances(AMOUNT, AMOUNT));
    assertThat(api.awaitInvariants().violations()).isEmpty();
  }

  /** The replay's hold is gone once settlement's answer to it was projected. */
  private static void awaitNoHold(String payer, String txId) throws InterruptedException {
    long deadline = System.nanoTime() + PROJECTED_WITHIN.toNanos();
    try (RedisClient client = RedisClient.create(RealServers.get().redisUri());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      while (connection.sync().hexists(RedisKeys.holds(AccountId.of(payer)), txId)) {
        assertThat(System.nanoTime())
            .as("hold of the replay released in time")
            .isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  private static void awaitRebuilt(RedisClient client) throws InterruptedException {
    long deadline = System.nanoTime() + REBUILD_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        if (connection.sync().exists(READY_KEY) == 1) {
          return;
        }
      } catch (RuntimeException notUpYet) {
        // restarting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the balance cache was not rebuilt within " + REBUILD_TIMEOUT);
  }

  /** Restarts the machine's Redis with its own settings (no persistence: the data is gone). */
  private static void restart(RedisCommands<String, String> redis) {
    List<String> command = new ArrayList<>(List.of(redisServerBinary(), "--daemonize", "yes"));
    for (String setting : List.of("port", "bind", "dir", "logfile")) {
      Map<String, String> value = redis.configGet(setting);
      command.add("--" + setting);
      command.addAll(List.of(value.get(setting).split(" ")));
    }
    command.addAll(List.of("--save", "", "--appendonly", "no"));
    try {
      redis.shutdown(false);
    } catch (RuntimeException connectionClosedByShutdown) {
      // expected: the server closes the connection as it exits
    }
    try {
      Process start = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (start.waitFor() != 0) {
        throw new IllegalStateException(
            "redis-server did not start again: "
                + new String(start.getInputStream().readAllBytes()));
      }
    } catch (java.io.IOException | InterruptedException failed) {
      throw new IllegalStateException("cannot restart redis-server " + command, failed);
    }
  }

  private static String redisServerBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      File candidate = new File(dir, "redis-server");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }

  private interface RedisAction {
    void apply(RedisCommands<String, String> redis) throws Exception;
  }
}
