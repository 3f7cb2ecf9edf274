package com.payflow.transaction.dashboard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's collectors: each source runs in its own virtual thread with a fixed pause, so a
 * slow or unreachable source (a shard timing out, a dead service) never delays the others. A
 * failing round is logged once per distinct message and retried after the pause.
 *
 * <p>While no page is open the collectors slow down to the idle pause: scraping every service and
 * tailing every shard each second cost about a quarter of transaction-service's CPU and a fifth of
 * each gateway's allocations under load, for charts nobody looked at (issue 15,
 * docs/benchmarks/README.md). A page that opens wakes every collector at once.
 */
final class Loops implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Loops.class);

  private final long idlePauseMs;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition watchersChanged = lock.newCondition();
  private volatile boolean watched;
  private volatile boolean closed;

  Loops(long idlePauseMs) {
    this.idlePauseMs = idlePauseMs;
  }

  /** Starts {@code round} every {@code pauseMs} after the previous round ended. */
  void every(String name, long pauseMs, Runnable round) {
    every(
        name,
        pauseMs,
        () -> {
          round.run();
          return false;
        });
  }

  /**
   * Starts {@code round} every {@code pauseMs} while a page is open, else every idle pause; a round
   * that returns {@code true} (a backlog left) runs again after {@code pauseMs}.
   */
  void every(String name, long pauseMs, BooleanSupplier round) {
    if (closed) {
      return;
    }
    Thread thread =
        Thread.ofVirtual()
            .name("dashboard-" + name)
            .start(
                () -> {
                  String lastFailure = null;
                  while (!closed && !Thread.currentThread().isInterrupted()) {
                    boolean behind = false;
                    try {
                      behind = round.getAsBoolean();
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
                    long pause = behind || watched ? pauseMs : Math.max(pauseMs, idlePauseMs);
                    if (!pause(pause)) {
                      return;
                    }
                  }
                });
    threads.add(thread);
  }

  /** Whether a page is open; opening the first one wakes every collector. */
  void watched(boolean open) {
    boolean was = watched;
    watched = open;
    if (open && !was) {
      lock.lock();
      try {
        watchersChanged.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Sleeps up to {@code millis}, less when a page opens; false when interrupted. */
  private boolean pause(long millis) {
    lock.lock();
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(millis);
      boolean wasWatched = watched;
      while (left > 0 && !closed && (wasWatched || !watched)) {
        left = watchersChanged.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException interrupted) {
      return false;
    } finally {
      lock.unlock();
    }
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
