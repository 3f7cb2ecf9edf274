package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker behind AlertRulesTest and GrafanaDashboardTest accepts PromQL and bites on edits. */
class PromQlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "up",
        "histogram_quantile(0.99, sum by (le) (rate(x_bucket{a=\"b\",c=~\"$group\"}[1m])))",
        "sum(rate(x_seconds_sum[5m])) / sum(rate(x_seconds_count[5m]))",
        "max(min_over_time(g[15m])) > 0 and max(deriv(g[30m])) > 0",
        "time() - max(last_epoch) > 600",
        "sum(x) by (job) > bool 0",
        "a / on (job) group_left b",
        "max(avg_over_time(g[15m:1m] offset 1h))",
        "-x + 1e3",
        "x{state=~\"open|half_open\"} > 0 unless rate(y[$__rate_interval]) > 0"
      })
  void accepts(String expr) {
    assertThat(PromQl.metrics(expr)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sum(rate(x[5m])",
        "sum(rate(x[5m])))",
        "rat(x[5m])",
        "max(x) y",
        "x >",
        "x[5q]",
        "x{a=b}",
        "x{a=\"b\"",
        "sum by le (x)",
        "max(x) = 1",
        "x[5m"
      })
  void rejects(String expr) {
    assertThatThrownBy(() -> PromQl.metrics(expr)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesTheMetricsNotTheFunctionsOrLabels() {
    assertThat(
            PromQl.metrics(
                "histogram_quantile(0.5, max by (le, shard) (rate(a_bucket{le=\"1\"}[1m])))"
                    + " / on (shard) group_left count(b_total offset 5m)"))
        .containsExactlyInAnyOrder("a_bucket", "b_total");
  }
}
