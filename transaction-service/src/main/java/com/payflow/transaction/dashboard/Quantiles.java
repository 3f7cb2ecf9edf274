package com.payflow.transaction.dashboard;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;

/** Quantiles from raw samples and from cumulative histogram buckets. */
final class Quantiles {

  private Quantiles() {}

  /**
   * The {@code q}-quantile (0..1) of {@code values} by the nearest-rank method, or NaN when empty.
   * Sorts a copy.
   */
  static double ofSamples(long[] values, int count, double q) {
    if (count <= 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * count);
    return sorted[Math.min(count, Math.max(1, rank)) - 1];
  }

  /**
   * The {@code q}-quantile from cumulative bucket counts (upper bound → observations ≤ bound),
   * interpolated linearly inside the bucket as Prometheus' {@code histogram_quantile} does; NaN
   * when there is no observation. A quantile in the {@code +Inf} bucket answers the largest finite
   * bound.
   */
  static double ofBuckets(NavigableMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty()) {
      return Double.NaN;
    }
    double total = cumulative.lastEntry().getValue();
    if (!(total > 0)) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      double bound = bucket.getKey();
      double count = bucket.getValue();
      if (count >= rank) {
        if (Double.isInfinite(bound)) {
          return lowerBound;
        }
        double inBucket = count - lowerCount;
        if (inBucket <= 0) {
          return bound;
        }
        return lowerBound + (bound - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = bound;
      lowerCount = count;
    }
    return lowerBound;
  }
}
