package com.payflow.observability;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;

/**
 * One health check that may block (a broker or database that hangs), made safe for the health
 * endpoint: it runs on its own virtual thread, the caller waits at most {@code timeout} and then
 * reports DOWN; at most one run is in flight (a hung check is waited on again, never started
 * twice); a result is reused for the time to live.
 */
final class BoundedCheck {

  private static final Executor CHECKS =
      command -> Thread.ofVirtual().name("health-check").start(command);

  private record Result(Health health, long atNanos) {}

  private final String timeoutProperty;
  private final long timeoutNanos;
  private final long timeToLiveNanos;
  private final Supplier<Health> check;
  private final LongSupplier nanoClock;
  private volatile Result last;
  private CompletableFuture<Health> inFlight;

  BoundedCheck(HealthCheckProperties.Check bounds, String prefix, Supplier<Health> check) {
    this(bounds, prefix, check, System::nanoTime);
  }

  BoundedCheck(
      HealthCheckProperties.Check bounds,
      String prefix,
      Supplier<Health> check,
      LongSupplier nanoClock) {
    this.timeoutProperty = prefix + ".timeout";
    this.timeoutNanos = bounds.timeout().toNanos();
    this.timeToLiveNanos = bounds.cacheTimeToLive().toNanos();
    this.check = check;
    this.nanoClock = nanoClock;
  }

  /**
   * Starts a run in the background unless one is in flight (a first run pays for connecting and
   * class loading, which a health request should not wait for).
   */
  synchronized CompletableFuture<Health> start() {
    if (inFlight == null || inFlight.isDone()) {
      inFlight = CompletableFuture.supplyAsync(this::runSafely, CHECKS);
    }
    return inFlight;
  }

  /** The cached result while fresh, else the result of a run, DOWN after the timeout. */
  Health health() {
    Result cached = last;
    if (cached != null && nanoClock.getAsLong() - cached.atNanos() < timeToLiveNanos) {
      return cached.health();
    }
    CompletableFuture<Health> running = start();
    Health health;
    try {
      health = running.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException noAnswer) {
      health =
          Health.down()
              .withDetail(
                  "error",
                  "no answer within "
                      + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                      + " ms ("
                      + timeoutProperty
                      + ")")
              .build();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    } catch (ExecutionException failed) {
      health = Health.down(failed.getCause()).build();
    }
    last = new Result(health, nanoClock.getAsLong());
    return health;
  }

  private Health runSafely() {
    try {
      return check.get();
    } catch (RuntimeException failed) {
      return Health.down(failed).build();
    }
  }
}
