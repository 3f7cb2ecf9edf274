package com.payflow.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.testsupport.PrivateRedis;
import com.payflow.testsupport.PrivateRedisCluster;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same code against a standalone server and a real three-master Redis Cluster, including a
 * master's failover: hash-tagged scripts run on one slot, and the session finds the promoted
 * replica by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisSessionIT {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration REFRESH = Duration.ofMillis(500);
  private static final Duration FAILOVER_DEADLINE = Duration.ofSeconds(20);

  private PrivateRedisCluster cluster;
  private PrivateRedis standalone;

  @BeforeAll
  void start() throws Exception {
    cluster = PrivateRedisCluster.start();
    standalone = PrivateRedis.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (standalone != null) {
      standalone.close();
    }
  }

  @Test
  void aScriptOverOneAccountsKeys_runsOnStandaloneAndOnACluster() {
    for (RedisSession.Settings settings :
        new RedisSession.Settings[] {
          new RedisSession.Settings(
              RedisSession.Topology.STANDALONE, standalone.uri(), TIMEOUT, REFRESH),
          new RedisSession.Settings(
              RedisSession.Topology.CLUSTER, cluster.seeds(), TIMEOUT, REFRESH)
        }) {
      try (RedisSession session = RedisSession.create(settings)) {
        String tag = "{acct:" + UUID.randomUUID() + "}";
        Long moved = move(session, tag, 40);
        assertThat(moved).as(settings.topology().name()).isEqualTo(1);
        assertThat(session.sync().hget(tag + ":bal", "avail")).isEqualTo("60");
        assertThat(session.sync().hget(tag + ":holds", "tx-1")).isEqualTo("40");
      }
    }
  }

  @Test
  void aKilledMaster_isReplacedByItsReplica_andTheSessionFollows() throws Exception {
    try (RedisSession session =
        RedisSession.create(
            new RedisSession.Settings(
                RedisSession.Topology.CLUSTER, cluster.seeds(), TIMEOUT, REFRESH))) {
      String tag = "{acct:" + UUID.randomUUID() + "}";
      assertThat(move(session, tag, 10)).isEqualTo(1);
      PrivateRedisCluster.Node master = cluster.masterOf(tag);

      cluster.kill(master);
      long deadline = System.nanoTime() + FAILOVER_DEADLINE.toNanos();
      int failedCalls = 0;
      String lastFailure = null;
      String available = null;
      while (System.nanoTime() < deadline) {
        try {
          available = session.sync().hget(tag + ":bal", "avail");
          if (available != null) {
            break;
          }
        } catch (RedisException failedOver) {
          lastFailure = failedOver.toString();
          failedCalls++;
          Thread.sleep(100);
        }
      }
      // Replication is asynchronous, but this write was acknowledged long before the kill.
      assertThat(available)
          .as("after %d failed calls, the last %s", failedCalls, lastFailure)
          .isEqualTo("90");
      assertThat(cluster.masterOf(tag)).isNotEqualTo(master);
      assertThat(move(session, tag, 10)).isEqualTo(1);
      assertThat(session.sync().hget(tag + ":bal", "avail")).isEqualTo("80");
      cluster.awaitHealthy();
    }
  }

  /** Holds {@code amount} of a 100 balance under the account tag, as the gateway's hold does. */
  private static Long move(RedisSession session, String tag, long amount) {
    session.sync().hsetnx(tag + ":bal", "avail", "100");
    return HOLD.run(
        session.sync(),
        ScriptOutputType.INTEGER,
        new String[] {tag + ":bal", tag + ":holds"},
        "tx-" + (amount == 40 ? 1 : UUID.randomUUID()),
        Long.toString(amount));
  }

  private static final LuaScript HOLD = LuaScript.load("it-hold");
}
