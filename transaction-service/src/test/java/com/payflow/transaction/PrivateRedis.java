package com.payflow.transaction;

import com.payflow.testsupport.RealServers;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of the tests' own: a {@code redis-server} child process on a free port (no
 * persistence), so tests may FLUSHALL without touching the Redis the running platform uses.
 * Without the binary, the Testcontainers Redis (private to this JVM) serves; with neither, the
 * shared local Redis is used and {@link #flushAllowed()} is false.
 */
final class PrivateRedis implements AutoCloseable {

  private final Process process;
  private final String host;
  private final int port;
  private final boolean flushAllowed;

  private PrivateRedis(Process process, String host, int port, boolean flushAllowed) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.flushAllowed = flushAllowed;
  }

  static PrivateRedis start() throws IOException, InterruptedException {
    String binary = findBinary();
    if (binary == null) {
      RealServers.Endpoints servers = RealServers.get();
      return new PrivateRedis(null, servers.redisHost(), servers.redisPort(),
          servers.source().equals("Testcontainers"));
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!answers(port)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroyForcibly();
        throw new IllegalStateException("private redis-server did not start on port " + port);
      }
      Thread.sleep(50);
    }
    return new PrivateRedis(process, "127.0.0.1", port, true);
  }

  String uri() {
    return "redis://" + host + ":" + port;
  }

  /** Whether FLUSHALL may be used (the server is ours alone). */
  boolean flushAllowed() {
    return flushAllowed;
  }

  private static String findBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      File candidate = new File(dir, "redis-server");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
