package com.payflow.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The one way payflow's services connect to Redis: a standalone server or a Redis Cluster, chosen
 * by configuration. Callers see the commands both have in common ({@link RedisClusterCommands}), so
 * no code path depends on the topology; every multi-key operation payflow does stays within one
 * account's hash tag ({@code {acct:ID}}, see {@code RedisKeys}) and so within one slot.
 *
 * <p>One shared, thread-safe connection (pipelined; in a cluster, one connection per node), opened
 * on first use, so a service starts, and reports its health, while Redis is down.
 */
public final class RedisSession implements AutoCloseable {

  /** How the servers in {@link Settings#uris()} are deployed. */
  public enum Topology {
    STANDALONE,
    CLUSTER
  }

  /**
   * @param uris one {@code redis://host:port} (standalone), or the cluster's seed nodes separated
   *     by commas (any reachable one is enough: the topology is discovered)
   * @param commandTimeout how long a command may take before it fails
   * @param topologyRefresh cluster only: how often the slot map is re-read, besides the adaptive
   *     triggers (MOVED, ASK, reconnects, uncovered slots) that refresh it at once
   */
  public record Settings(
      Topology topology, String uris, Duration commandTimeout, Duration topologyRefresh) {

    public Settings {
      if (topology == null || uris == null || uris.isBlank()) {
        throw new IllegalArgumentException("redis topology and uri are required");
      }
      if (topology == Topology.STANDALONE && uris.contains(",")) {
        throw new IllegalArgumentException(
            "a standalone redis has one uri; a list of seed nodes needs topology CLUSTER: " + uris);
      }
      if (commandTimeout.isNegative() || commandTimeout.isZero()) {
        throw new IllegalArgumentException("redis command timeout must be positive");
      }
      if (topologyRefresh.compareTo(MIN_TOPOLOGY_REFRESH) < 0) {
        throw new IllegalArgumentException(
            "redis topology refresh must be at least " + MIN_TOPOLOGY_REFRESH);
      }
    }

    /** From the millisecond properties every service's configuration names. */
    public static Settings of(
        Topology topology, String uris, long commandTimeoutMs, long topologyRefreshMs) {
      return new Settings(
          topology,
          uris,
          Duration.ofMillis(commandTimeoutMs),
          Duration.ofMillis(topologyRefreshMs));
    }

    List<RedisURI> seeds() {
      return Arrays.stream(uris.split(",")).map(String::strip).map(RedisURI::create).toList();
    }
  }

  /** Refreshing a cluster's slot map more often than this only loads the servers. */
  public static final Duration MIN_TOPOLOGY_REFRESH = Duration.ofMillis(100);

  private final Settings settings;
  private final AbstractRedisClient client;
  private volatile StatefulConnection<String, String> connection;

  private RedisSession(Settings settings, AbstractRedisClient client) {
    this.settings = settings;
    this.client = client;
  }

  /**
   * A session whose commands fail fast (instead of queueing without bound) while a server is
   * unreachable, and time out after {@link Settings#commandTimeout()}.
   */
  public static RedisSession create(Settings settings) {
    TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
    // Connecting is bounded like a command: a caller waits no longer while Redis is down.
    SocketOptions sockets =
        SocketOptions.builder().connectTimeout(settings.commandTimeout()).build();
    if (settings.topology() == Topology.STANDALONE) {
      RedisClient client = RedisClient.create(settings.seeds().getFirst());
      client.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(timeouts)
              .socketOptions(sockets)
              .build());
      return new RedisSession(settings, client);
    }
    RedisClusterClient client = RedisClusterClient.create(settings.seeds());
    client.setOptions(
        ClusterClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(timeouts)
            .socketOptions(sockets)
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(settings.topologyRefresh())
                    .enableAllAdaptiveRefreshTriggers()
                    // A failover shows as reconnects and MOVED answers: re-read the slot map
                    // at once each time, not after the default 30 s.
                    .adaptiveRefreshTriggersTimeout(settings.topologyRefresh())
                    .refreshTriggersReconnectAttempts(1)
                    .build())
            .build());
    return new RedisSession(settings, client);
  }

  public Topology topology() {
    return settings.topology();
  }

  /** Blocking commands, bounded by the command timeout. */
  public RedisClusterCommands<String, String> sync() {
    return switch (connect()) {
      case StatefulRedisClusterConnection<String, String> cluster -> cluster.sync();
      case StatefulRedisConnection<String, String> standalone -> standalone.sync();
      default -> throw new IllegalStateException("unexpected connection type");
    };
  }

  /** Asynchronous (pipelined) commands. */
  public RedisClusterAsyncCommands<String, String> async() {
    return switch (connect()) {
      case StatefulRedisClusterConnection<String, String> cluster -> cluster.async();
      case StatefulRedisConnection<String, String> standalone -> standalone.async();
      default -> throw new IllegalStateException("unexpected connection type");
    };
  }

  private StatefulConnection<String, String> connect() {
    StatefulConnection<String, String> current = connection;
    if (current == null) {
      synchronized (this) {
        if (connection == null) {
          StatefulConnection<String, String> opened =
              switch (client) {
                case RedisClusterClient cluster -> cluster.connect();
                case RedisClient standalone -> standalone.connect();
                default -> throw new IllegalStateException("unexpected client type");
              };
          opened.setTimeout(settings.commandTimeout());
          connection = opened;
        }
        current = connection;
      }
    }
    return current;
  }

  @Override
  public void close() {
    StatefulConnection<String, String> open = connection;
    if (open != null) {
      open.close();
    }
    client.shutdown();
  }

  @Override
  public String toString() {
    return "RedisSession[" + settings.topology() + " " + settings.uris() + "]";
  }
}
