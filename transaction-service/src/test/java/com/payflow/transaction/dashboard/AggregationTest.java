package com.payflow.transaction.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.payflow.transaction.dashboard.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The dashboard's aggregation logic, without any server. */
class AggregationTest {

  // ---------- Prometheus text ----------

  @Test
  void prometheusText_parsesLabelsEscapesSpecialValuesAndSkipsTheRest() {
    String text =
        """
        # HELP http_server_requests_seconds
        # TYPE http_server_requests_seconds histogram
        http_server_requests_seconds_count{method="POST",status="202",uri="/api/v1/payments"} 41.0
        http_server_requests_seconds_bucket{le="+Inf",method="POST",uri="/api/v1/payments"} 41
        weird{msg="a \\"quoted\\" value, with comma",x="y"} NaN 1700000000000
        jvm_threads_live_threads{application="gateway-service"} 33.0

        broken{label=unquoted} 1
        """;
    List<Sample> all = PrometheusText.parse(text, Set.of());
    assertThat(all).hasSize(4);
    assertThat(all.get(0).label("status")).isEqualTo("202");
    assertThat(all.get(0).value()).isEqualTo(41.0);
    assertThat(all.get(1).label("le")).isEqualTo("+Inf");
    assertThat(all.get(2).label("msg")).isEqualTo("a \"quoted\" value, with comma");
    assertThat(all.get(2).label("x")).isEqualTo("y");
    assertThat(all.get(2).value()).isNaN();

    List<Sample> some = PrometheusText.parse(text, Set.of("jvm_threads_live_threads"));
    assertThat(some).extracting(Sample::name).containsExactly("jvm_threads_live_threads");
    assertThat(some.getFirst().label("missing")).isEmpty();
  }

  // ---------- quantiles ----------

  @Test
  void quantilesOfSamples_nearestRank() {
    long[] values = {5, 1, 4, 2, 3, 0, 0, 0};
    assertThat(Quantiles.ofSamples(values, 5, 0.5)).isEqualTo(3);
    assertThat(Quantiles.ofSamples(values, 5, 0.99)).isEqualTo(5);
    assertThat(Quantiles.ofSamples(values, 5, 0.0)).isEqualTo(1);
    assertThat(Quantiles.ofSamples(values, 0, 0.5)).isNaN();
  }

  @Test
  void quantilesOfBuckets_interpolateLikeHistogramQuantile() {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    buckets.put(0.01, 50.0); // 50 observations <= 10 ms
    buckets.put(0.1, 90.0); // 40 more <= 100 ms
    buckets.put(1.0, 100.0); // 10 more <= 1 s
    buckets.put(Double.POSITIVE_INFINITY, 100.0);
    assertThat(Quantiles.ofBuckets(buckets, 0.5)).isCloseTo(0.01, within(1e-12));
    assertThat(Quantiles.ofBuckets(buckets, 0.7)).isCloseTo(0.01 + 0.09 * 0.5, within(1e-12));
    assertThat(Quantiles.ofBuckets(buckets, 0.99)).isCloseTo(0.1 + 0.9 * 0.9, within(1e-12));

    buckets.put(Double.POSITIVE_INFINITY, 200.0); // half beyond the largest bound
    assertThat(Quantiles.ofBuckets(buckets, 0.99)).isEqualTo(1.0);
    assertThat(Quantiles.ofBuckets(new TreeMap<>(), 0.5)).isNaN();
    assertThat(Quantiles.ofBuckets(new TreeMap<>(Map.of(1.0, 0.0)), 0.5)).isNaN();
  }

  // ---------- the time series ----------

  @Test
  void series_countsBySecondAndReason_latencyQuantilesInMs() {
    SecondSeries series = new SecondSeries(60);
    long now = System.currentTimeMillis() / 1000;
    for (int i = 1; i <= 100; i++) {
      series.addDecided(now - 2, true, null, i * 1_000L); // 1..100 ms
    }
    series.addDecided(now - 2, false, "INSUFFICIENT_FUNDS", -1);
    series.addDecided(now - 2, false, "INSUFFICIENT_FUNDS", -1);
    series.addDecided(now - 2, false, null, -1);
    series.addSubmitted(now - 2, 7);
    series.addRefused(now - 2, 3);
    series.setIntake(now - 2, 0.004, 0.020, 0.005);

    List<SecondSeries.Point> points = series.points(now - 3, now - 1, false);
    assertThat(points).extracting(SecondSeries.Point::t).containsExactly(now - 3, now - 2, now - 1);
    SecondSeries.Point point = points.get(1);
    assertThat(point.settled()).isEqualTo(100);
    assertThat(point.rejected()).isEqualTo(3);
    assertThat(point.rejectedByReason())
        .containsExactlyInAnyOrderEntriesOf(Map.of("INSUFFICIENT_FUNDS", 2L, "UNKNOWN", 1L));
    assertThat(point.submitted()).isEqualTo(7);
    assertThat(point.refused()).isEqualTo(3);
    assertThat(point.settleP50Ms()).isEqualTo(50.0);
    assertThat(point.settleP99Ms()).isEqualTo(99.0);
    assertThat(point.intakeP50Ms()).isEqualTo(4.0);
    assertThat(point.intakeP99Ms()).isEqualTo(20.0);
    assertThat(point.intakeMeanMs()).isEqualTo(5.0);
    assertThat(points.get(0).settled()).isZero();
    assertThat(points.get(0).settleP50Ms()).isNull();
    assertThat(series.points(now - 3, now - 1, true)).hasSize(1);
  }

  @Test
  void series_lateRowsLandInTheirSecond_olderThanTheWindowAreDropped() {
    SecondSeries series = new SecondSeries(10);
    long now = System.currentTimeMillis() / 1000;
    series.addDecided(now, true, null, 1_000);
    series.addDecided(now - 5, true, null, 1_000); // read late: still counted in its second
    series.addDecided(now - 10, true, null, 1_000); // out of the window: dropped
    series.addDecided(now - 9, true, null, 1_000); // oldest second still in it

    List<SecondSeries.Point> points = series.points(now - 20, now, false);
    assertThat(points).hasSize(10);
    assertThat(points.getFirst().t()).isEqualTo(now - 9);
    assertThat(points.stream().mapToLong(SecondSeries.Point::settled).sum()).isEqualTo(3);

    // the ring moves on: a second 10 s later reuses the slot of `now` and starts from zero
    series.addDecided(now + 10 - 5, true, null, 1_000);
    series.addSubmitted(now + 5, 1);
    assertThat(series.points(now + 5, now + 5, false).getFirst().settled()).isEqualTo(1);
    assertThat(series.points(now + 5, now + 5, false).getFirst().submitted()).isEqualTo(1);
  }

  @Test
  void series_latencyReservoirStaysBoundedAndRepresentative() {
    SecondSeries series = new SecondSeries(10);
    long now = System.currentTimeMillis() / 1000;
    for (int i = 0; i < 20 * SecondSeries.RESERVOIR; i++) {
      series.addDecided(now, true, null, (i % 1000) * 1_000L); // uniform 0..999 ms
    }
    SecondSeries.Point point = series.points(now, now, false).getFirst();
    assertThat(point.settled()).isEqualTo(20L * SecondSeries.RESERVOIR);
    assertThat(point.settleP50Ms()).isBetween(400.0, 600.0);
    assertThat(point.settleP99Ms()).isBetween(950.0, 999.0);
  }

  // ---------- intake from gateway metrics ----------

  @Test
  void intake_deltasAcrossInstances_quantilesFromBuckets_resetsAreNotNegative() {
    IntakeLatency intake = new IntakeLatency();
    intake.add("gw-1", gateway(100, 5, 1.0, Map.of(0.005, 60.0, 0.05, 100.0, 1.0, 105.0)));
    intake.add("gw-2", gateway(10, 0, 0.1, Map.of(0.005, 10.0, 0.05, 10.0, 1.0, 10.0)));
    IntakeLatency.Delta baseline = intake.drain();
    assertThat(baseline.accepted()).isZero(); // first scrape of an instance: baseline only

    intake.add("gw-1", gateway(200, 7, 2.0, Map.of(0.005, 150.0, 0.05, 200.0, 1.0, 207.0)));
    intake.add("gw-2", gateway(20, 1, 0.2, Map.of(0.005, 19.0, 0.05, 21.0, 1.0, 21.0)));
    IntakeLatency.Delta delta = intake.drain();
    assertThat(delta.accepted()).isEqualTo(110);
    assertThat(delta.refused()).isEqualTo(3);
    assertThat(delta.fromHistogram()).isTrue();
    // 113 requests: 99 <= 5 ms, 111 <= 50 ms, 113 <= 1 s
    assertThat(delta.p50Seconds()).isCloseTo(0.005 * 56.5 / 99, within(1e-9));
    assertThat(delta.p99Seconds()).isCloseTo(0.05 + 0.95 * (0.99 * 113 - 111) / 2, within(1e-9));
    assertThat(delta.meanSeconds()).isCloseTo(1.1 / 113, within(1e-9));

    intake.add("gw-1", gateway(3, 0, 0.01, Map.of())); // restarted: counters went back
    IntakeLatency.Delta afterRestart = intake.drain();
    assertThat(afterRestart.accepted()).isZero();
    assertThat(afterRestart.refused()).isZero();
    assertThat(afterRestart.p50Seconds()).isNaN();
    intake.add("gw-1", gateway(13, 0, 0.02, Map.of()));
    IntakeLatency.Delta noHistogram = intake.drain();
    assertThat(noHistogram.accepted()).isEqualTo(10);
    assertThat(noHistogram.fromHistogram()).isFalse();
    assertThat(noHistogram.meanSeconds()).isCloseTo(0.001, within(1e-9));
  }

  private static List<Sample> gateway(
      double accepted, double refused, double sum, Map<Double, Double> buckets) {
    List<Sample> samples = new java.util.ArrayList<>();
    Map<String, String> ok = Map.of("uri", "/api/v1/payments", "method", "POST", "status", "202");
    Map<String, String> bad = Map.of("uri", "/api/v1/payments", "method", "POST", "status", "422");
    samples.add(new Sample(IntakeLatency.COUNT, ok, accepted));
    samples.add(new Sample(IntakeLatency.COUNT, bad, refused));
    samples.add(new Sample(IntakeLatency.SUM, ok, sum));
    samples.add(
        new Sample(
            IntakeLatency.COUNT,
            Map.of("uri", "/actuator/health", "method", "GET", "status", "200"),
            1_000));
    buckets.forEach(
        (bound, count) ->
            samples.add(
                new Sample(
                    IntakeLatency.BUCKET,
                    Map.of(
                        "uri", "/api/v1/payments", "method", "POST", "le", Double.toString(bound)),
                    count)));
    if (!buckets.isEmpty()) {
      samples.add(
          new Sample(
              IntakeLatency.BUCKET,
              Map.of("uri", "/api/v1/payments", "method", "POST", "le", "+Inf"),
              accepted + refused));
    }
    return samples;
  }

  // ---------- Kafka lag ----------

  @Test
  void lag_perPartition_fromCommittedOrEarliestWhenNeverCommitted() {
    TopicPartition p0 = new TopicPartition("payments.submitted", 0);
    TopicPartition p1 = new TopicPartition("payments.submitted", 1);
    TopicPartition p2 = new TopicPartition("payments.submitted", 2);
    KafkaMonitor.GroupLag lag =
        KafkaMonitor.lag(
            "settlement",
            "payments.submitted",
            List.of(p2, p0, p1),
            Map.of(p0, new OffsetAndMetadata(90), p1, new OffsetAndMetadata(100)),
            Map.of(p0, 100L, p1, 100L, p2, 30L),
            Map.of(p0, 0L, p1, 0L, p2, 20L));
    assertThat(lag.total()).isEqualTo(20);
    assertThat(lag.partitions())
        .extracting(KafkaMonitor.PartitionLag::partition)
        .containsExactly(0, 1, 2);
    assertThat(lag.partitions())
        .extracting(KafkaMonitor.PartitionLag::lag)
        .containsExactly(10L, 0L, 10L);
    assertThat(lag.partitions().get(2).committed()).isEqualTo(-1);
  }

  // ---------- recent payments ----------

  @Test
  void recent_boundedAndDeliveredOnceSinceTheLastEvent() {
    RecentPayments recent = new RecentPayments(3);
    for (int i = 1; i <= 5; i++) {
      recent.add("id-" + i, 0, i, "a", "b", 100, "EUR", "SETTLED", null, 1_000_000, 1_004_500);
    }
    assertThat(recent.since(0))
        .extracting(RecentPayments.Payment::id)
        .containsExactly("id-3", "id-4", "id-5");
    long seen = recent.lastSeq();
    assertThat(recent.since(seen)).isEmpty();
    recent.add("id-6", 1, 6, "a", "b", 1, "EUR", "REJECTED", "INSUFFICIENT_FUNDS", 0, 0);
    assertThat(recent.since(seen)).extracting(RecentPayments.Payment::id).containsExactly("id-6");
    assertThat(recent.since(0).getFirst().latencyMs()).isEqualTo(4.5);
  }
}
