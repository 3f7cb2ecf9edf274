package com.payflow.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long a submission is retried with the same key: at most {@code maxAttempts}
 * attempts, waiting the server's Retry-After when it sends one (capped by {@code maxDelay}), else
 * exponential backoff from {@code baseDelay}; full jitter of up to {@code jitter} of each wait so
 * that clients that failed together do not retry together.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, double jitter) {

  /** Eight attempts, 200 ms doubling to 5 s, 20 % jitter: about half a minute at most. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

  /** One attempt, no retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);

  private static final int MAX_ATTEMPTS = 1_000;

  /** A longer Retry-After is not believed (a broken or hostile server must not park a caller). */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

  /** Backoff stops doubling here (base × 2^20 is far beyond any sane maxDelay). */
  private static final int MAX_DOUBLINGS = 20;

  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException("maxAttempts must be 1.." + MAX_ATTEMPTS);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be 0..1");
    }
  }

  /**
   * The wait before attempt {@code attempt + 1} (attempts count from 1). A server's Retry-After is
   * a lower bound (never retried earlier; jitter only adds, and it is trusted up to {@link
   * #MAX_RETRY_AFTER}); without one, exponential backoff capped by {@code maxDelay}, jittered both
   * ways.
   */
  Duration delayAfter(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      long wait = Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
      long spread = (long) (wait * jitter);
      return Duration.ofMillis(
          wait + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(spread + 1)));
    }
    long exponential = baseDelay.toMillis() << Math.min(attempt - 1, MAX_DOUBLINGS);
    long capped = Math.min(exponential, maxDelay.toMillis());
    long spread = (long) (capped * jitter);
    long jittered =
        spread == 0 ? capped : capped + ThreadLocalRandom.current().nextLong(-spread, spread + 1);
    return Duration.ofMillis(Math.max(0, Math.min(jittered, maxDelay.toMillis())));
  }
}
