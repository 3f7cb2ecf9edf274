package com.payflow.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay in front of a real server, for fault tests on a shared server the test must not stop
 * itself: while paused it accepts connections and keeps every socket open but relays no byte in
 * either direction, which is what clients of a SIGSTOPped server see; resumed, everything flows
 * again. Loopback only; one virtual thread per direction and connection.
 */
public final class PausableRelay implements AutoCloseable {

  private static final int BUFFER_BYTES = 16 * 1024;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final List<Socket> sockets = new ArrayList<>();
  private final Object gate = new Object();
  private boolean paused;
  private volatile boolean closed;

  private PausableRelay(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("relay-accept").start(this::accept);
  }

  /** A relay on a free loopback port to {@code host:port}. */
  public static PausableRelay to(String host, int port) {
    try {
      return new PausableRelay(host, port);
    } catch (IOException failed) {
      throw new IllegalStateException("cannot open a relay port", failed);
    }
  }

  /** The loopback port to connect to instead of the server's. */
  public int port() {
    return server.getLocalPort();
  }

  /** Stops relaying: connections stay open and silent. */
  public void pause() {
    synchronized (gate) {
      paused = true;
    }
  }

  /** Relays again. */
  public void resume() {
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(upstream);
        }
        Thread.ofVirtual().name("relay-up").start(() -> pump(client, upstream));
        Thread.ofVirtual().name("relay-down").start(() -> pump(upstream, client));
      } catch (IOException stopped) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        awaitRunning();
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException | InterruptedException ended) {
      // the other side closed, or the relay did
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void awaitRunning() throws InterruptedException {
    synchronized (gate) {
      while (paused && !closed) {
        gate.wait();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    resume();
    closeQuietly(server);
    synchronized (sockets) {
      sockets.forEach(PausableRelay::closeQuietly);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
