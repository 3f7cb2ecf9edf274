package com.payflow.transaction.dashboard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's collectors: each source runs in its own virtual thread with a fixed pause, so
 * a slow or unreachable source (a shard timing out, a dead service) never delays the others.
 * A failing round is logged once per distinct message and retried after the pause.
 */
final class Loops implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Loops.class);

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Starts {@code round} every {@code pauseMs} after the previous round ended. */
  void every(String name, long pauseMs, Runnable round) {
    if (closed) {
      return;
    }
    Thread thread = Thread.ofVirtual().name("dashboard-" + name).start(() -> {
      String lastFailure = null;
      while (!closed && !Thread.currentThread().isInterrupted()) {
        try {
          round.run();
          if (lastFailure != null) {
            log.info("dashboard source {} recovered", name);
            lastFailure = null;
          }
        } catch (RuntimeException failed) {
          String message = String.valueOf(failed.getMessage());
          if (!message.equals(lastFailure)) {
            log.warn("dashboard source {} failed: {}", name, failed.toString());
            lastFailure = message;
          }
        }
        try {
          Thread.sleep(pauseMs);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    });
    threads.add(thread);
  }

  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      try {
        thread.join(2_000);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
