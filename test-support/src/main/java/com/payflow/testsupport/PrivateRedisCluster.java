package com.payflow.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Cluster of the tests' own: three masters, each with one replica, six {@code
 * redis-server} child processes on free loopback ports (no persistence), created with {@code
 * redis-cli --cluster create}. A master can be killed to make its replica take over.
 */
public final class PrivateRedisCluster implements AutoCloseable {

  private static final int MASTERS = 3;
  private static final int NODES = MASTERS * 2;

  /** How long a master may be silent before its replica is promoted (redis default: 15 s). */
  public static final long NODE_TIMEOUT_MS = 1_000;

  private static final long START_TIMEOUT_MS = 30_000;

  private final Path dir;
  private final List<Node> nodes;

  /** One server: its port and process. */
  public record Node(int port, Process process) {}

  private PrivateRedisCluster(Path dir, List<Node> nodes) {
    this.dir = dir;
    this.nodes = nodes;
  }

  /** Whether this machine has {@code redis-server} and {@code redis-cli}. */
  public static boolean available() {
    return PrivateRedis.binary("redis-server") != null && PrivateRedis.binary("redis-cli") != null;
  }

  /** Starts the six servers, creates the cluster and waits until every slot is served. */
  public static PrivateRedisCluster start() throws IOException, InterruptedException {
    if (!available()) {
      throw new IllegalStateException("redis-server and redis-cli are needed for a Redis Cluster");
    }
    Path dir = Files.createTempDirectory("payflow-redis-cluster");
    List<Node> nodes = new ArrayList<>();
    PrivateRedisCluster cluster = new PrivateRedisCluster(dir, nodes);
    try {
      for (int i = 0; i < NODES; i++) {
        nodes.add(startNode(dir, freePort()));
      }
      List<String> create = new ArrayList<>(List.of(PrivateRedis.binary("redis-cli"), "--cluster"));
      create.add("create");
      nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
      create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      run(create);
      cluster.awaitHealthy();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException failed) {
      cluster.close();
      throw failed;
    }
  }

  /** The seed list a client is configured with: every node, comma-separated. */
  public String seeds() {
    return nodes.stream()
        .map(node -> "redis://127.0.0.1:" + node.port())
        .collect(Collectors.joining(","));
  }

  /** The node that serves {@code key}'s slot as master now. */
  public Node masterOf(String key) throws IOException, InterruptedException {
    String slot = cli(anyLivePort(), "cluster", "keyslot", key).strip();
    for (String line : cli(anyLivePort(), "cluster", "nodes").split("\n")) {
      String[] fields = line.split(" ");
      if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < fields.length; i++) {
        String[] range = fields[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        int wanted = Integer.parseInt(slot);
        if (wanted >= from && wanted <= to) {
          int port =
              Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1).split("@")[0]);
          return nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow();
        }
      }
    }
    throw new IllegalStateException("no live master serves slot " + slot);
  }

  /** Kills {@code node} (SIGKILL): its replica is promoted after {@link #NODE_TIMEOUT_MS}. */
  public void kill(Node node) throws InterruptedException {
    node.process().destroyForcibly();
    node.process().waitFor(5, TimeUnit.SECONDS);
  }

  /** Waits until the live nodes agree that every slot is served again. */
  public void awaitHealthy() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (true) {
      boolean ok = true;
      for (Node node : nodes) {
        if (node.process().isAlive()
            && !cli(node.port(), "cluster", "info").contains("cluster_state:ok")) {
          ok = false;
        }
      }
      if (ok && replicasInSync()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis cluster not healthy in time");
      }
      Thread.sleep(100);
    }
  }

  /**
   * Whether every live replica has its link to its master up: before that, a master's writes exist
   * nowhere else, and a failover would lose them (replication is asynchronous).
   */
  private boolean replicasInSync() throws IOException, InterruptedException {
    for (Node node : nodes) {
      if (!node.process().isAlive()) {
        continue;
      }
      String replication = cli(node.port(), "info", "replication");
      if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
        return false;
      }
    }
    return true;
  }

  private int anyLivePort() {
    return nodes.stream().filter(node -> node.process().isAlive()).findFirst().orElseThrow().port();
  }

  private static Node startNode(Path dir, int port) throws IOException, InterruptedException {
    Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
    Process process =
        PrivateRedis.startServer(
            port,
            ProcessBuilder.Redirect.to(nodeDir.resolve("server.log").toFile()),
            "--dir",
            nodeDir.toString(),
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-node-timeout",
            Long.toString(NODE_TIMEOUT_MS),
            // A replica may take over however long ago it last heard from its master: with the
            // default factor, an idle replica refuses ("disconnected for longer than allowed")
            // and the slots stay down. Availability over the last writes.
            "--cluster-replica-validity-factor",
            "0",
            // Replicas sync at once after the cluster is created (default: wait 5 s).
            "--repl-diskless-sync-delay",
            "0");
    return new Node(port, process);
  }

  private static String cli(int port, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(PrivateRedis.binary("redis-cli"), "-h", "127.0.0.1", "-p", "" + port));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  private static int freePort() throws IOException {
    // The cluster bus listens on port + 10000: keep both in range.
    while (true) {
      try (ServerSocket probe = new ServerSocket(0)) {
        int port = probe.getLocalPort();
        if (port + 10_000 <= 65_535) {
          return port;
        }
      }
    }
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      if (node.process().isAlive()) {
        Signals.resume(node.process().pid());
        node.process().destroyForcibly();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
