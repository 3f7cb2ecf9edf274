package com.payflow.transaction.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The throughput and latency time series at one-second resolution over a bounded window (a ring of
 * {@code size} seconds). Payments are counted in the second they were <em>decided</em> (the shard
 * row's {@code decided_us}), so a tail that reads late still attributes them to the right second;
 * submissions and intake refusals in the second they were observed. Latency samples are kept per
 * second in a bounded reservoir (uniform sampling beyond it).
 */
final class SecondSeries {

  /** Latency samples kept per second; beyond it reservoir sampling keeps a uniform subset. */
  static final int RESERVOIR = 1024;

  /** Seconds into the future a decision time may lie (clock skew between hosts). */
  private static final long MAX_FUTURE_SECONDS = 5;

  /** One second of the chart, as pushed to the page (latencies in ms, absent when unknown). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Point(
      long t,
      long submitted,
      long settled,
      long rejected,
      long refused,
      Map<String, Long> rejectedByReason,
      Double intakeP50Ms,
      Double intakeP99Ms,
      Double intakeMeanMs,
      Double settleP50Ms,
      Double settleP99Ms) {}

  private static final class Slot {
    long second = Long.MIN_VALUE;
    long submitted;
    long settled;
    long rejected;
    long refused;
    final Map<String, Long> reasons = new TreeMap<>();
    long[] latencies = EMPTY; // grown on demand up to RESERVOIR: idle seconds cost nothing
    int latencyCount;
    long latencySeen;
    double intakeP50 = Double.NaN;
    double intakeP99 = Double.NaN;
    double intakeMean = Double.NaN;

    void reset(long newSecond) {
      second = newSecond;
      submitted = 0;
      settled = 0;
      rejected = 0;
      refused = 0;
      reasons.clear();
      latencyCount = 0;
      latencySeen = 0;
      latencies = EMPTY;
      intakeP50 = Double.NaN;
      intakeP99 = Double.NaN;
      intakeMean = Double.NaN;
    }
  }

  private static final long[] EMPTY = new long[0];

  private final Slot[] slots;
  private long newest = Long.MIN_VALUE;

  SecondSeries(int seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("seconds must be >= 1");
    }
    slots = new Slot[seconds];
    for (int i = 0; i < seconds; i++) {
      slots[i] = new Slot();
    }
  }

  /** Window length in seconds. */
  int size() {
    return slots.length;
  }

  /** Payments accepted and queued in {@code second}. */
  synchronized void addSubmitted(long second, long count) {
    Slot slot = slot(second);
    if (slot != null && count > 0) {
      slot.submitted += count;
    }
  }

  /** Submissions refused at intake (4xx/5xx from the gateways) in {@code second}. */
  synchronized void addRefused(long second, long count) {
    Slot slot = slot(second);
    if (slot != null && count > 0) {
      slot.refused += count;
    }
  }

  /**
   * A payment decided in {@code second}: settled, or rejected with {@code reason}; a settled one
   * with its submit → decided latency in µs ({@code < 0}: unknown).
   */
  synchronized void addDecided(long second, boolean settled, String reason, long latencyMicros) {
    Slot slot = slot(second);
    if (slot == null) {
      return;
    }
    if (!settled) {
      slot.rejected++;
      slot.reasons.merge(reason == null || reason.isBlank() ? "UNKNOWN" : reason, 1L, Long::sum);
      return;
    }
    slot.settled++;
    if (latencyMicros >= 0) {
      slot.latencySeen++;
      if (slot.latencyCount < RESERVOIR) {
        if (slot.latencyCount == slot.latencies.length) {
          slot.latencies =
              java.util.Arrays.copyOf(
                  slot.latencies, Math.min(RESERVOIR, Math.max(16, slot.latencies.length * 2)));
        }
        slot.latencies[slot.latencyCount++] = latencyMicros;
      } else {
        long pick = ThreadLocalRandom.current().nextLong(slot.latencySeen);
        if (pick < RESERVOIR) {
          slot.latencies[(int) pick] = latencyMicros;
        }
      }
    }
  }

  /**
   * Intake latency (seconds) measured over the interval ending in {@code second}: quantiles (NaN
   * when the gateways publish no histogram) and the mean.
   */
  synchronized void setIntake(
      long second, double p50Seconds, double p99Seconds, double meanSeconds) {
    Slot slot = slot(second);
    if (slot != null) {
      slot.intakeP50 = p50Seconds;
      slot.intakeP99 = p99Seconds;
      slot.intakeMean = meanSeconds;
    }
  }

  /**
   * Points for {@code from..to} (inclusive), one per second; seconds without any data as zeros, or
   * left out when {@code skipEmpty} (the page reads a missing second as zero).
   */
  synchronized List<Point> points(long from, long to, boolean skipEmpty) {
    List<Point> points = new ArrayList<>();
    long first = Math.max(from, to - slots.length + 1);
    for (long second = first; second <= to; second++) {
      Slot slot = slots[index(second)];
      if (slot.second != second) {
        if (skipEmpty) {
          continue;
        }
        points.add(new Point(second, 0, 0, 0, 0, Map.of(), null, null, null, null, null));
        continue;
      }
      points.add(
          new Point(
              second,
              slot.submitted,
              slot.settled,
              slot.rejected,
              slot.refused,
              Map.copyOf(slot.reasons),
              ms(slot.intakeP50),
              ms(slot.intakeP99),
              ms(slot.intakeMean),
              micros(Quantiles.ofSamples(slot.latencies, slot.latencyCount, 0.50)),
              micros(Quantiles.ofSamples(slot.latencies, slot.latencyCount, 0.99))));
    }
    return points;
  }

  /**
   * The slot of {@code second}, reset when it held an older second; null when the second is older
   * than the window (relative to the newest second seen) or too far in the future.
   */
  private Slot slot(long second) {
    if (newest != Long.MIN_VALUE) {
      if (second <= newest - slots.length) {
        return null;
      }
      if (second > newest + MAX_FUTURE_SECONDS
          && second - System.currentTimeMillis() / 1000 > MAX_FUTURE_SECONDS) {
        return null;
      }
    }
    newest = Math.max(newest, second);
    Slot slot = slots[index(second)];
    if (slot.second != second) {
      if (slot.second > second) {
        return null;
      }
      slot.reset(second);
    }
    return slot;
  }

  private int index(long second) {
    return (int) Math.floorMod(second, (long) slots.length);
  }

  private static Double ms(double seconds) {
    return Double.isNaN(seconds) ? null : Math.round(seconds * 1_000_000.0) / 1_000.0;
  }

  private static Double micros(double micros) {
    return Double.isNaN(micros) ? null : Math.round(micros) / 1_000.0;
  }
}
