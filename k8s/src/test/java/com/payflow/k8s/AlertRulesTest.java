package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PrometheusRule of the monitoring component, as the prod overlay renders it: every alert is
 * complete, its expression parses ({@link PromQl}), every series it uses is exported (derived from
 * the services' Micrometer registrations, {@link ExportedMetrics}), its runbook_url names an anchor
 * that exists in docs/operations.md, and every metric that document says to act on is alerted on.
 */
class AlertRulesTest {

  static final String OPERATIONS = "docs/operations.md";
  static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
  static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|[smhdwy]))+");

  record Alert(String name, String expr, Map<String, Object> rule) {
    @SuppressWarnings("unchecked")
    Map<String, String> labels() {
      return (Map<String, String>) rule.getOrDefault("labels", Map.of());
    }

    @SuppressWarnings("unchecked")
    Map<String, String> annotations() {
      return (Map<String, String>) rule.getOrDefault("annotations", Map.of());
    }
  }

  @SuppressWarnings("unchecked")
  static List<Alert> alerts() {
    List<GenericKubernetesResource> rules =
        Manifests.of("prod").custom("monitoring.coreos.com/v1", "PrometheusRule");
    assertThat(rules).as("PrometheusRules rendered by the prod overlay").hasSize(1);
    Map<String, Object> spec =
        (Map<String, Object>) rules.getFirst().getAdditionalProperties().get("spec");
    List<Alert> out = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        out.add(
            new Alert(
                String.valueOf(rule.get("alert")), String.valueOf(rule.get("expr")).strip(), rule));
      }
    }
    return out;
  }

  @Test
  void everyRuleIsACompleteAlert() {
    List<Alert> alerts = alerts();
    assertThat(alerts).as("alerts").hasSizeGreaterThanOrEqualTo(10);
    Set<String> names = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Alert a : alerts) {
      if (!a.name.matches("Payflow[A-Z][A-Za-z]+")) {
        problems.add(a.name + ": not an alert named Payflow… (recording rules belong elsewhere)");
      }
      if (!names.add(a.name)) {
        problems.add(a.name + ": defined twice");
      }
      if (!SEVERITIES.contains(a.labels().get("severity"))) {
        problems.add(a.name + ": severity " + a.labels().get("severity"));
      }
      for (String key : List.of("summary", "description", "runbook_url")) {
        String value = a.annotations().get(key);
        if (value == null || value.isBlank()) {
          problems.add(a.name + ": no " + key);
        }
      }
      Object forDuration = a.rule.get("for");
      if (forDuration != null && !DURATION.matcher(forDuration.toString()).matches()) {
        problems.add(a.name + ": for " + forDuration);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyExpressionParses() {
    List<String> problems = new ArrayList<>();
    for (Alert a : alerts()) {
      try {
        PromQl.metrics(a.expr);
      } catch (IllegalArgumentException e) {
        problems.add(a.name + ": " + e.getMessage());
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everySeriesAnAlertUsesIsExported() {
    List<String> problems = new ArrayList<>();
    for (Alert a : alerts()) {
      for (String series : PromQl.metrics(a.expr)) {
        String problem = ExportedMetrics.problem(series);
        if (problem != null) {
          problems.add(a.name + ": " + problem);
        }
      }
    }
    assertThat(problems).as("series the services do not export").isEmpty();
  }

  @Test
  void everyRunbookUrlNamesAnAnchorOfTheOperationsGuide() {
    Set<String> anchors = anchors(Manifests.read(OPERATIONS));
    List<String> problems = new ArrayList<>();
    for (Alert a : alerts()) {
      String url = a.annotations().getOrDefault("runbook_url", "");
      if (!url.startsWith(OPERATIONS + "#")) {
        problems.add(a.name + ": runbook_url " + url + " is not " + OPERATIONS + "#<anchor>");
      } else if (!anchors.contains(url.substring(url.indexOf('#') + 1))) {
        problems.add(
            a.name + ": no anchor " + url + " (headings and <a id> there: " + anchors + ")");
      }
    }
    assertThat(problems).isEmpty();
  }

  /** Every metric docs/operations.md lists with an "act when" is used by some alert. */
  @Test
  void everyMetricTheGuideSaysToActOnIsAlertedOn() {
    Set<String> used = new TreeSet<>();
    alerts().forEach(a -> used.addAll(PromQl.metrics(a.expr)));
    List<String> actOn = metricsToActOn(Manifests.read(OPERATIONS));
    assertThat(actOn).as("metrics with an 'act when' in " + OPERATIONS).isNotEmpty();
    List<String> missing =
        actOn.stream()
            .filter(m -> used.stream().noneMatch(u -> u.equals(m) || u.startsWith(m + "_")))
            .toList();
    assertThat(missing).as("metrics the guide says to act on, used by no alert").isEmpty();
  }

  /** The guide's alert table and the rules name the same alerts. */
  @Test
  void theGuideListsEveryAlert() {
    String doc = Manifests.read(OPERATIONS);
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `(Payflow[A-Za-z]+)` \\|").matcher(doc);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> defined = new TreeSet<>();
    alerts().forEach(a -> defined.add(a.name));
    assertThat(documented).as("alerts in the table of " + OPERATIONS).isEqualTo(defined);
  }

  @Test
  void theDerivationReadsEveryKindOfRegistration() {
    String java =
        """
        Counter.builder("payflow.a.runs").tag("outcome", x).register(meters);
        Timer.builder("payflow.b.duration")
            .description("x")
            .register(meters);
        DistributionSummary.builder("payflow.c.latency")
            .baseUnit("seconds")
            .publishPercentileHistogram()
            .register(meters);
        Gauge.builder("payflow.d.ms", v, AtomicLong::get).register(meters);
        meters.gauge("ledger.e.lag.ms", lag);
        gauge(
            "payflow.f.drift",
            value,
            "helper");
        MultiGauge.builder("payflow.g.lag").register(meters);
        """;
    assertThat(ExportedMetrics.seriesOf(java))
        .containsExactlyInAnyOrder(
            "payflow_a_runs_total",
            "payflow_b_duration_seconds_count",
            "payflow_b_duration_seconds_sum",
            "payflow_b_duration_seconds_max",
            "payflow_c_latency_seconds_count",
            "payflow_c_latency_seconds_sum",
            "payflow_c_latency_seconds_max",
            "payflow_c_latency_seconds_bucket",
            "payflow_d_ms",
            "ledger_e_lag_ms",
            "payflow_f_drift",
            "payflow_g_lag");
    assertThat(ExportedMetrics.fromSources())
        .as("meters found in */src/main/java")
        .hasSizeGreaterThan(30);
  }

  /** GitHub's heading anchors plus explicit {@code <a id="…">} / {@code <a name="…">}. */
  static Set<String> anchors(String markdown) {
    Set<String> out = new TreeSet<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      }
      if (!fenced && line.matches("#{1,6} .*")) {
        out.add(slug(line.replaceFirst("#+ ", "")));
      }
    }
    Matcher m = Pattern.compile("<a (?:id|name)=\"([^\"]+)\"").matcher(markdown);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String slug(String heading) {
    return heading
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N} _-]", "")
        .replace(' ', '-');
  }

  /** First column of table rows whose header has an "act when" column: the metric names. */
  static List<String> metricsToActOn(String markdown) {
    List<String> out = new ArrayList<>();
    int actColumn = -1;
    for (String line : markdown.split("\n")) {
      if (!line.startsWith("|")) {
        actColumn = -1;
        continue;
      }
      List<String> cells = List.of(line.substring(1).split("(?<!\\\\)\\|"));
      int at = -1;
      for (int i = 0; i < cells.size(); i++) {
        if (cells.get(i).strip().equalsIgnoreCase("act when")) {
          at = i;
        }
      }
      if (at >= 0) {
        actColumn = at;
        continue;
      }
      if (actColumn < 0 || line.matches("\\|[-| :]+\\|?")) {
        continue;
      }
      Matcher metric = Pattern.compile("`([a-z_]+)(?:\\{[^}]*\\})?`").matcher(cells.getFirst());
      if (metric.find() && cells.size() > actColumn && !cells.get(actColumn).isBlank()) {
        out.add(metric.group(1));
      }
    }
    return out;
  }
}
