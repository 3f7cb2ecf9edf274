package com.payflow.transaction.dashboard;

import com.payflow.transaction.dashboard.PrometheusText.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Intake figures of the gateways from their {@code http_server_requests_seconds} metrics for {@code
 * POST /api/v1/payments}: between two scrapes of each instance, the requests accepted (2xx) and
 * refused (anything else), and the latency quantiles from the histogram buckets when the gateways
 * publish them (else the mean, from sum / count). Counter resets (an instance restarted) count as a
 * fresh start, never as negative traffic.
 */
final class IntakeLatency {

  static final String COUNT = "http_server_requests_seconds_count";
  static final String SUM = "http_server_requests_seconds_sum";
  static final String BUCKET = "http_server_requests_seconds_bucket";
  static final String MAX = "http_server_requests_seconds_max";
  static final Set<String> NAMES = Set.of(COUNT, SUM, BUCKET, MAX);

  private static final String URI = "/api/v1/payments";

  /** What happened at intake between the previous and the latest scrapes. */
  record Delta(
      long accepted,
      long refused,
      double p50Seconds,
      double p99Seconds,
      double meanSeconds,
      double maxSeconds,
      boolean fromHistogram) {}

  private record Cumulative(
      double accepted, double refused, double sum, NavigableMap<Double, Double> buckets) {}

  private final Map<String, Cumulative> previous = new HashMap<>();
  private long accepted;
  private long refused;
  private double sum;
  private double max;
  private final NavigableMap<Double, Double> buckets = new TreeMap<>();

  /** Adds the scrape of {@code instance}; the first scrape of an instance is a baseline. */
  synchronized void add(String instance, List<Sample> samples) {
    double acceptedNow = 0;
    double refusedNow = 0;
    double sumNow = 0;
    double maxNow = 0;
    NavigableMap<Double, Double> bucketsNow = new TreeMap<>();
    for (Sample sample : samples) {
      if (!URI.equals(sample.label("uri")) || !"POST".equals(sample.label("method"))) {
        continue;
      }
      switch (sample.name()) {
        case COUNT -> {
          if (sample.label("status").startsWith("2")) {
            acceptedNow += sample.value();
          } else {
            refusedNow += sample.value();
          }
        }
        case SUM -> sumNow += sample.value();
        case MAX -> maxNow = Math.max(maxNow, sample.value());
        case BUCKET -> {
          double bound = parseBound(sample.label("le"));
          if (!Double.isNaN(bound)) {
            bucketsNow.merge(bound, sample.value(), Double::sum);
          }
        }
        default -> {}
      }
    }
    max = Math.max(max, maxNow);
    Cumulative now = new Cumulative(acceptedNow, refusedNow, sumNow, bucketsNow);
    Cumulative before = previous.put(instance, now);
    if (before == null || acceptedNow < before.accepted() || refusedNow < before.refused()) {
      return;
    }
    accepted += Math.round(acceptedNow - before.accepted());
    refused += Math.round(refusedNow - before.refused());
    sum += Math.max(0, sumNow - before.sum());
    for (Map.Entry<Double, Double> bucket : bucketsNow.entrySet()) {
      double delta = bucket.getValue() - before.buckets().getOrDefault(bucket.getKey(), 0.0);
      buckets.merge(bucket.getKey(), Math.max(0, delta), Double::sum);
    }
  }

  /** Forgets an instance that could not be scraped (its next scrape is a new baseline). */
  synchronized void forget(String instance) {
    previous.remove(instance);
  }

  /** The totals since the last call, then starts over. */
  synchronized Delta drain() {
    long requests = accepted + refused;
    boolean histogram = !buckets.isEmpty();
    double p50 = histogram ? Quantiles.ofBuckets(buckets, 0.50) : Double.NaN;
    double p99 = histogram ? Quantiles.ofBuckets(buckets, 0.99) : Double.NaN;
    double mean = requests > 0 ? sum / requests : Double.NaN;
    Delta delta = new Delta(accepted, refused, p50, p99, mean, max, histogram);
    accepted = 0;
    refused = 0;
    sum = 0;
    max = 0;
    buckets.clear();
    return delta;
  }

  private static double parseBound(String le) {
    if (le.isEmpty()) {
      return Double.NaN;
    }
    try {
      return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    } catch (NumberFormatException malformed) {
      return Double.NaN;
    }
  }
}
