package com.payflow.testsupport;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Pauses and resumes processes for fault tests: SIGSTOP freezes a server with its sockets open
 * (clients see no error, only silence, as in a GC pause or a stalled host), SIGCONT lets it go on.
 * Only processes the tests or the project started are ever targeted.
 */
public final class Signals {

  private static final long KILL_TIMEOUT_SECONDS = 5;

  private Signals() {}

  /** SIGSTOP. */
  public static void stop(long pid) {
    send("-STOP", pid);
  }

  /** SIGCONT. */
  public static void resume(long pid) {
    send("-CONT", pid);
  }

  private static void send(String signal, long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
      if (!kill.waitFor(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException(
            "kill "
                + signal
                + " "
                + pid
                + " failed: "
                + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException failed) {
      throw new IllegalStateException("cannot run kill " + signal + " " + pid, failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending " + signal + " to " + pid);
    }
  }
}
