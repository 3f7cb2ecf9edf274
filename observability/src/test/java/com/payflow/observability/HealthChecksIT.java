package com.payflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.redis.RedisSession;
import com.payflow.testsupport.PrivateRedis;
import com.payflow.testsupport.RealServers;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The readiness checks against real servers: the local (or Testcontainers) Kafka and MariaDB/MySQL
 * answer UP; a port where nothing listens, and a server that accepts connections but never answers
 * (what a paused process looks like), answer DOWN within the bound.
 */
class HealthChecksIT {

  private static final HealthCheckProperties.Check BOUNDS =
      new HealthCheckProperties.Check(Duration.ofSeconds(1), Duration.ZERO);
  // The bound plus scheduling slack on a loaded 2-core machine.
  private static final Duration ANSWERED_WITHIN = Duration.ofMillis(2_500);
  private static final Duration UP_WITHIN = Duration.ofSeconds(20);

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  @Test
  void kafka_upWhenTheBrokerAnswers_downWithinTheBoundWhenUnreachable() throws Exception {
    KafkaHealthIndicator reachable =
        kafka(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap()));
    reachable.warmUp(); // as the auto-configuration does at start
    Health up = awaitUp(reachable);
    assertThat((Integer) up.getDetails().get("brokers")).isPositive();

    KafkaHealthIndicator closed =
        kafka(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort()));
    assertThat(timed(closed).getStatus()).isEqualTo(Status.DOWN);

    KafkaHealthIndicator silent =
        kafka(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + silentServer()));
    assertThat(timed(silent).getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void databases_downWhenAnyPoolCannotAnswer_eachNamed() throws Exception {
    RealServers.Endpoints servers = RealServers.get();
    Map<String, DataSource> pools = new LinkedHashMap<>();
    pools.put("shard-0", pool(servers.jdbcUrl("information_schema")));
    awaitUp(new DatabasesHealthIndicator(pools, BOUNDS));

    pools.put("shard-1", pool(url(closedPort())));
    pools.put("shard-2", pool(url(silentServer())));
    Health health = timed(new DatabasesHealthIndicator(pools, BOUNDS));
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("shard-0")).isEqualTo("UP");
    assertThat(health.getDetails().get("shard-1").toString()).startsWith("DOWN");
    assertThat(health.getDetails().get("shard-2").toString())
        .startsWith("DOWN")
        .contains("management.health.databases.timeout");
  }

  @Test
  void redis_upWhenItAnswersPing_downWithinTheBoundWhenPausedOrUnreachable() throws Exception {
    PrivateRedis redis = PrivateRedis.start();
    resources.add(redis);
    RedisHealthIndicator reachable = redis(redis.uri());
    reachable.warmUp();
    assertThat(awaitUp(reachable).getDetails().get("topology")).isEqualTo("STANDALONE");

    assertThat(timed(redis("redis://127.0.0.1:" + closedPort())).getStatus())
        .isEqualTo(Status.DOWN);
    if (redis.pausable()) {
      redis.pause();
      try {
        assertThat(timed(reachable).getStatus()).isEqualTo(Status.DOWN);
      } finally {
        redis.resume();
      }
      awaitUp(reachable);
    }
  }

  private RedisHealthIndicator redis(String uri) {
    RedisSession session =
        RedisSession.create(
            RedisSession.Settings.of(RedisSession.Topology.STANDALONE, uri, 500, 1_000));
    resources.add(session);
    return new RedisHealthIndicator(session, BOUNDS);
  }

  /** UP at last (a first check in a cold JVM on a busy machine may exceed the bound). */
  private static Health awaitUp(HealthIndicator check) throws InterruptedException {
    long deadline = System.nanoTime() + UP_WITHIN.toNanos();
    Health health = check.health();
    while (!Status.UP.equals(health.getStatus()) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      health = check.health();
    }
    assertThat(health.getStatus()).as("%s", health.getDetails()).isEqualTo(Status.UP);
    return health;
  }

  private static Health timed(HealthIndicator check) {
    long started = System.nanoTime();
    Health health = check.health();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("%s answered within the bound", check.getClass().getSimpleName())
        .isLessThan(ANSWERED_WITHIN);
    return health;
  }

  private KafkaHealthIndicator kafka(Map<String, Object> config) {
    KafkaHealthIndicator indicator = new KafkaHealthIndicator(config, BOUNDS);
    resources.add(indicator::destroy);
    return indicator;
  }

  private DataSource pool(String url) {
    RealServers.Endpoints servers = RealServers.get();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(servers.mysqlAdminUser());
    config.setPassword(servers.mysqlAdminPassword());
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(3_000);
    HikariDataSource pool = new HikariDataSource(config);
    resources.add(pool);
    return pool;
  }

  private static String url(int port) {
    return "jdbc:mysql://127.0.0.1:"
        + port
        + "/information_schema?connectTimeout=2000&socketTimeout=30000&useSSL=false";
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Accepts connections and never writes a byte: a stopped (SIGSTOP) server, as clients see it. */
  private int silentServer() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> accepted = new ArrayList<>();
    Thread acceptor =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (true) {
                      Socket socket = server.accept();
                      synchronized (accepted) {
                        accepted.add(socket);
                      }
                    }
                  } catch (IOException closed) {
                    // the test is over
                  }
                });
    resources.add(
        () -> {
          server.close();
          acceptor.join();
          synchronized (accepted) {
            for (Socket socket : accepted) {
              socket.close();
            }
          }
        });
    return server.getLocalPort();
  }
}
