package com.payflow.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of the tests' own: a {@code redis-server} child process on a free port (no persistence),
 * so tests may FLUSHALL without touching the Redis the running platform uses. Without the binary,
 * the Testcontainers Redis (private to this JVM) serves; with neither, the shared local Redis is
 * used and {@link #flushAllowed()} is false.
 */
public final class PrivateRedis implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 10;
  private static final long START_POLL_MS = 50;

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

  /** Starts a private redis-server (or falls back as described above). */
  public static PrivateRedis start() throws IOException, InterruptedException {
    String binary = findBinary();
    if (binary == null) {
      RealServers.Endpoints servers = RealServers.get();
      return new PrivateRedis(
          null,
          servers.redisHost(),
          servers.redisPort(),
          servers.source().equals("Testcontainers"));
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process process = startServer(port, ProcessBuilder.Redirect.DISCARD);
    return new PrivateRedis(process, "127.0.0.1", port, true);
  }

  /**
   * Starts {@code redis-server} on loopback {@code port} without persistence, with {@code settings}
   * added ({@code --name value} pairs), and waits until it accepts connections.
   */
  static Process startServer(int port, ProcessBuilder.Redirect output, String... settings)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary("redis-server"),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no"));
    command.addAll(List.of(settings));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    while (!answers(port)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      Thread.sleep(START_POLL_MS);
    }
    return process;
  }

  /** {@code redis://host:port}. */
  public String uri() {
    return "redis://" + host + ":" + port;
  }

  /** Whether FLUSHALL may be used (the server is ours alone). */
  public boolean flushAllowed() {
    return flushAllowed;
  }

  /**
   * Whether the server is a child process of this JVM, so that it can be paused: a Redis that
   * answers nothing while its connections stay open, as in a long GC or a stalled host.
   */
  public boolean pausable() {
    return process != null;
  }

  /** Stops the server process (SIGSTOP): connections stay open, nothing is answered. */
  public void pause() {
    Signals.stop(requireProcess().pid());
  }

  /** Lets a paused server go on (SIGCONT); it then answers everything queued meanwhile. */
  public void resume() {
    Signals.resume(requireProcess().pid());
  }

  private Process requireProcess() {
    if (process == null) {
      throw new IllegalStateException("this Redis is not a child process; check pausable()");
    }
    return process;
  }

  private static String findBinary() {
    return binary("redis-server");
  }

  /** The path of {@code name} on the PATH, or null. */
  static String binary(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      File candidate = new File(dir, name);
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }

  static boolean answers(int port) {
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
      Signals.resume(process.pid());
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
