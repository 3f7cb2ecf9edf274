package com.payflow.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class BoundedCheckTest {

  private static final HealthCheckProperties.Check BOUNDS =
      new HealthCheckProperties.Check(Duration.ofMillis(200), Duration.ofSeconds(2));

  @Test
  void aHangingCheckIsDownAfterTheTimeout_andIsNeverStartedTwice() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    AtomicLong clock = new AtomicLong();
    BoundedCheck check =
        new BoundedCheck(
            BOUNDS,
            "management.health.test",
            () -> {
              runs.incrementAndGet();
              try {
                release.await();
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
              }
              return Health.up().build();
            },
            clock::get);

    long started = System.nanoTime();
    Health first = check.health();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(first.getStatus()).isEqualTo(Status.DOWN);
    assertThat(first.getDetails().get("error").toString())
        .contains("200 ms")
        .contains("management.health.test.timeout");

    clock.addAndGet(Duration.ofSeconds(3).toNanos()); // cache expired: the same run is awaited
    assertThat(check.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(runs).hasValue(1);

    // The server answers again: the hung run ends UP, or it had ended and a fresh one runs.
    release.countDown();
    clock.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(check.health().getStatus()).isEqualTo(Status.UP);
    assertThat(runs.get()).isBetween(1, 2);
  }

  @Test
  void aResultIsReusedForItsTimeToLive() {
    AtomicInteger runs = new AtomicInteger();
    AtomicLong clock = new AtomicLong();
    BoundedCheck check =
        new BoundedCheck(
            BOUNDS,
            "management.health.test",
            () -> {
              runs.incrementAndGet();
              throw new IllegalStateException("broker gone");
            },
            clock::get);
    assertThat(check.health().getDetails().get("error").toString()).contains("broker gone");
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    check.health();
    assertThat(runs).hasValue(1);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    check.health();
    assertThat(runs).hasValue(2);
  }

  @Test
  void boundsAreValidatedByName() {
    assertThatThrownBy(
            () ->
                new HealthCheckProperties(
                    new HealthCheckProperties.Check(Duration.ZERO, Duration.ZERO), BOUNDS, BOUNDS))
        .hasMessageContaining("management.health.kafka.timeout");
    assertThatThrownBy(
            () ->
                new HealthCheckProperties(
                    BOUNDS,
                    new HealthCheckProperties.Check(Duration.ofSeconds(5), Duration.ZERO),
                    BOUNDS))
        .hasMessageContaining("management.health.databases.timeout");
    assertThatThrownBy(
            () ->
                new HealthCheckProperties(
                    BOUNDS,
                    new HealthCheckProperties.Check(Duration.ofMillis(1), Duration.ofSeconds(-1)),
                    BOUNDS))
        .hasMessageContaining("management.health.databases.cache-time-to-live");
    assertThatThrownBy(
            () ->
                new HealthCheckProperties(
                    BOUNDS, BOUNDS, new HealthCheckProperties.Check(Duration.ZERO, Duration.ZERO)))
        .hasMessageContaining("management.health.redis.timeout");
  }
}
