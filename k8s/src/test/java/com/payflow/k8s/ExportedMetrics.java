package com.payflow.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series names the services export, derived from their main Java sources: every
 * Micrometer meter registered there ({@code Counter.builder("payflow.x")}, {@code
 * meters.gauge("ledger.y", …)}, a helper {@code gauge("payflow.z", …)}), converted the way
 * Micrometer's Prometheus registry names it (dots to underscores, the base unit appended, counters
 * {@code _total}, timers {@code _seconds_count/_sum/_max/_bucket}, summaries {@code
 * _count/_sum/_max/_bucket}). Plus the few series from outside our code that alerts and the
 * dashboard may use, each tied to the evidence that it is exported.
 */
final class ExportedMetrics {

  private static final Pattern BUILDER =
      Pattern.compile(
          "\\b(Counter|Gauge|Timer|DistributionSummary|FunctionCounter|FunctionTimer|TimeGauge"
              + "|MultiGauge)\\s*\\.\\s*builder\\(\\s*\"([^\"]+)\"");

  /** {@code registry.gauge("x", …)}, {@code meters.counter("x")} or a helper of that name. */
  private static final Pattern SHORTHAND =
      Pattern.compile(
          "(?<![A-Za-z0-9_])(counter|gauge|timer|summary)\\(\\s*\"([a-z][a-z0-9_.]*)\"");

  private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"\\s*\\)");

  /**
   * Series not registered by our code: name → {repo-relative file, text that file must contain}.
   * The evidence is what makes the series exist; removing it fails the tests that use the name.
   */
  static final Map<String, List<String>> OUTSIDE =
      Map.ofEntries(
          Map.entry(
              "resilience4j_circuitbreaker_state",
              List.of(
                  "gateway-service/src/main/java/com/payflow/gateway/system/ResilienceConfiguration.java",
                  "TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry")),
          Map.entry(
              "http_server_requests_seconds_count",
              List.of("gateway-service/pom.xml", "spring-boot-starter-actuator")),
          Map.entry(
              "http_server_requests_seconds_sum",
              List.of("gateway-service/pom.xml", "spring-boot-starter-actuator")),
          Map.entry(
              "http_server_requests_seconds_bucket",
              List.of(
                  "gateway-service/src/main/resources/application.yml", "percentiles-histogram")),
          Map.entry(
              "hikaricp_connections_pending",
              List.of("shard-pools/src/main/java/com/payflow/shards/ShardPools.java", "Hikari")),
          Map.entry(
              "up", List.of("k8s/components/monitoring/monitors.yaml", "kind: ServiceMonitor")),
          Map.entry(
              "kube_deployment_status_replicas_unavailable",
              List.of("docs/kubernetes.md", "kube-state-metrics")),
          Map.entry(
              "kube_statefulset_replicas", List.of("docs/kubernetes.md", "kube-state-metrics")),
          Map.entry(
              "kube_statefulset_status_replicas_ready",
              List.of("docs/kubernetes.md", "kube-state-metrics")));

  private static volatile Map<String, String> derived;

  private ExportedMetrics() {}

  /** Prometheus series name → the Java file that registers it. */
  static Map<String, String> fromSources() {
    Map<String, String> result = derived;
    if (result == null) {
      result = scan(Manifests.repoRoot());
      derived = result;
    }
    return result;
  }

  static Map<String, String> scan(Path repo) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> modules = Files.list(repo)) {
      for (Path module :
          modules.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            String source = Files.readString(file);
            String where = repo.relativize(file).toString();
            seriesOf(source).forEach(name -> out.putIfAbsent(name, where));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The Prometheus series of every meter registered in one Java source. */
  static Set<String> seriesOf(String source) {
    Set<String> out = new TreeSet<>();
    Matcher b = BUILDER.matcher(source);
    while (b.find()) {
      int end = source.indexOf(".register(", b.end());
      String chain = source.substring(b.end(), end < 0 ? source.length() : end);
      Matcher unit = BASE_UNIT.matcher(chain);
      boolean histogram =
          chain.contains(".publishPercentileHistogram(")
              || chain.contains(".serviceLevelObjectives(");
      out.addAll(series(b.group(1), b.group(2), unit.find() ? unit.group(1) : null, histogram));
    }
    Matcher s = SHORTHAND.matcher(source);
    while (s.find()) {
      String type =
          switch (s.group(1)) {
            case "counter" -> "Counter";
            case "timer" -> "Timer";
            case "summary" -> "DistributionSummary";
            default -> "Gauge";
          };
      out.addAll(series(type, s.group(2), null, false));
    }
    return out;
  }

  /**
   * Micrometer's Prometheus naming (PrometheusNamingConvention + the registry's suffixes); {@code
   * _bucket} only for a meter that publishes a histogram in its builder.
   */
  static List<String> series(String type, String meterName, String baseUnit, boolean histogram) {
    String base = meterName.replaceAll("[^a-zA-Z0-9_:]", "_");
    String unit =
        switch (type) {
          case "Timer", "FunctionTimer" -> "seconds";
          case "TimeGauge" -> "seconds";
          default -> baseUnit;
        };
    if (unit != null && !base.endsWith("_" + unit)) {
      base = base + "_" + unit;
    }
    return switch (type) {
      case "Counter", "FunctionCounter" ->
          List.of(base.endsWith("_total") ? base : base + "_total");
      case "Timer", "DistributionSummary" ->
          histogram
              ? List.of(base + "_count", base + "_sum", base + "_max", base + "_bucket")
              : List.of(base + "_count", base + "_sum", base + "_max");
      case "FunctionTimer" -> List.of(base + "_count", base + "_sum");
      default -> List.of(base);
    };
  }

  /**
   * Why a series used by an expression is not known to exist, or null when it is: ours (payflow_,
   * ledger_) must be registered in the sources, outside ones need their evidence.
   */
  static String problem(String series) {
    if (fromSources().containsKey(series)) {
      return null;
    }
    if (series.startsWith("payflow_") || series.startsWith("ledger_")) {
      return series + " is registered by no Micrometer meter in */src/main/java";
    }
    List<String> evidence = OUTSIDE.get(series);
    if (evidence == null) {
      return series
          + " is neither registered in */src/main/java nor a known outside series"
          + " (ExportedMetrics.OUTSIDE)";
    }
    String text = Manifests.read(evidence.get(0));
    return text.contains(evidence.get(1))
        ? null
        : series + ": " + evidence.get(0) + " no longer contains " + evidence.get(1);
  }
}
