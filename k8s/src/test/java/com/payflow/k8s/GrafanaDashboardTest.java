package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard is provisioned, not only importable: the prod overlay renders it as a
 * ConfigMap for kube-prometheus-stack's Grafana sidecar, from its one file in the monitoring
 * component; its data source resolves without import-time inputs; every query parses and selects
 * only series the services export (the same derivation as the alerts, {@link ExportedMetrics}).
 */
class GrafanaDashboardTest {

  static final String HOME = "k8s/components/monitoring/grafana/payflow.json";
  static final String CONFIG_MAP = "payflow-grafana-dashboard";

  static ConfigMap configMap() {
    return Manifests.of("prod").named(ConfigMap.class, CONFIG_MAP);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> dashboard() {
    String json = configMap().getData().get("payflow.json");
    assertThat(json).as(CONFIG_MAP + " data payflow.json").isNotNull();
    return Manifests.SERIALIZATION.unmarshal(json, Map.class);
  }

  @Test
  void theConfigMapCarriesTheSidecarLabelAndTheFileAsItIs() {
    ConfigMap cm = configMap();
    assertThat(cm.getMetadata().getLabels())
        .as("labels the Grafana sidecar selects on")
        .containsEntry("grafana_dashboard", "1");
    assertThat(cm.getMetadata().getName())
        .as("no hash suffix: updates replace it")
        .isEqualTo(CONFIG_MAP);
    assertThat(cm.getData()).containsOnlyKeys("payflow.json");
    assertThat(cm.getData().get("payflow.json")).isEqualTo(Manifests.read(HOME));
  }

  /** One home: no other copy of the dashboard anywhere in the repository. */
  @Test
  void theDashboardHasOneHome() throws IOException {
    Path repo = Manifests.repoRoot();
    Set<String> skip = Set.of(".git", "target", ".run", "node_modules");
    List<String> copies = new ArrayList<>();
    Files.walkFileTree(
        repo,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return skip.contains(dir.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (file.toString().endsWith(".json") && attrs.size() < 5_000_000) {
              try {
                if (Files.readString(file).contains("\"uid\": \"payflow-operations\"")) {
                  copies.add(repo.relativize(file).toString());
                }
              } catch (CharacterCodingException notText) {
                // not a dashboard
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
    assertThat(copies).containsExactly(HOME);
  }

  /**
   * Provisioned dashboards get no import-time {@code __inputs}: every data source reference must be
   * a variable the dashboard defines itself.
   */
  @Test
  @SuppressWarnings("unchecked")
  void everyDataSourceResolvesWithoutImportInputs() {
    Map<String, Object> dashboard = dashboard();
    assertThat(dashboard).as("import-time inputs").doesNotContainKey("__inputs");
    Set<String> datasourceVariables = new TreeSet<>();
    Map<String, Object> templating = (Map<String, Object>) dashboard.get("templating");
    for (Map<String, Object> v : (List<Map<String, Object>>) templating.get("list")) {
      if ("datasource".equals(v.get("type")) && "prometheus".equals(v.get("query"))) {
        datasourceVariables.add((String) v.get("name"));
      }
    }
    Set<String> referenced = new TreeSet<>();
    Matcher m =
        Pattern.compile("\"uid\"\\s*:\\s*\"\\$\\{?([A-Za-z0-9_]+)\\}?\"")
            .matcher(Manifests.read(HOME));
    while (m.find()) {
      referenced.add(m.group(1));
    }
    assertThat(referenced).as("data source variables used").isNotEmpty();
    assertThat(datasourceVariables)
        .as("Prometheus data source variables defined")
        .containsAll(referenced);
  }

  @Test
  void everyQueryParsesAndUsesOnlyExportedSeries() {
    List<String> queries = new ArrayList<>();
    collectQueries(dashboard(), queries);
    assertThat(queries).as("queries of the dashboard").hasSizeGreaterThan(15);
    List<String> problems = new ArrayList<>();
    Pattern labelValues =
        Pattern.compile("label_values\\((?:(.+),\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\)");
    for (String q : queries) {
      Matcher lv = labelValues.matcher(q.strip());
      String expr = lv.matches() ? lv.group(1) : q;
      if (expr == null) {
        continue; // label_values(label): every series
      }
      try {
        for (String series : PromQl.metrics(expr)) {
          String problem = ExportedMetrics.problem(series);
          if (problem != null) {
            problems.add(problem + " (query " + q + ")");
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    assertThat(problems).isEmpty();
  }

  /** Panel targets' {@code expr} and templating queries, nested rows included. */
  @SuppressWarnings("unchecked")
  static void collectQueries(Object node, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      Object expr = map.get("expr");
      if (expr instanceof String s && !s.isBlank()) {
        out.add(s);
      }
      if ("query".equals(map.get("type")) && map.get("definition") instanceof String d) {
        out.add(d);
      }
      map.values().forEach(v -> collectQueries(v, out));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectQueries(v, out));
    }
  }
}
