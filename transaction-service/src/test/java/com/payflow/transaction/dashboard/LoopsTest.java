package com.payflow.transaction.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopsTest {

  private static final long IDLE_MS = 60_000;
  private static final long PAUSE_MS = 20;

  @Test
  void unwatched_aRoundRunsOnceThenWaitsTheIdlePause() throws Exception {
    AtomicInteger rounds = new AtomicInteger();
    try (Loops loops = new Loops(IDLE_MS)) {
      loops.every("test", PAUSE_MS, rounds::incrementAndGet);
      Thread.sleep(300);
      assertThat(rounds).hasValue(1);
    }
  }

  @Test
  void aPageOpening_wakesTheCollector_andKeepsItAtItsOwnPause() throws Exception {
    AtomicInteger rounds = new AtomicInteger();
    try (Loops loops = new Loops(IDLE_MS)) {
      loops.every("test", PAUSE_MS, rounds::incrementAndGet);
      Thread.sleep(100);
      loops.watched(true);
      Thread.sleep(400);
      assertThat(rounds.get()).isGreaterThanOrEqualTo(5);
      loops.watched(false);
      Thread.sleep(100);
      int idle = rounds.get();
      Thread.sleep(300);
      assertThat(rounds.get()).as("idle again once the last page closed").isEqualTo(idle);
    }
  }

  @Test
  void aRoundWithABacklog_runsAgainAtItsOwnPause_evenUnwatched() throws Exception {
    AtomicInteger rounds = new AtomicInteger();
    try (Loops loops = new Loops(IDLE_MS)) {
      loops.every("test", PAUSE_MS, () -> rounds.incrementAndGet() < 4);
      Thread.sleep(400);
      assertThat(rounds).hasValue(4);
    }
  }
}
