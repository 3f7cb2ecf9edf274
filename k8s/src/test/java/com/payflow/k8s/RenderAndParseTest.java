package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every overlay renders with `kubectl kustomize` and every document parses with the fabric8 model,
 * strictly: a field the model does not know (a typo such as {@code readinesProbe}, a field at the
 * wrong level) lands in some object's additionalProperties, and that fails here. Kinds fabric8 does
 * not model must be exactly the CRDs we depend on.
 */
class RenderAndParseTest {

  static final List<String> OVERLAYS = Manifests.OVERLAYS;

  /** The only custom resources the manifests may use (operators installed in the cluster). */
  static final Set<String> ALLOWED_CUSTOM =
      Set.of(
          "kafka.strimzi.io/v1beta2 Kafka",
          "kafka.strimzi.io/v1beta2 KafkaNodePool",
          "kafka.strimzi.io/v1beta2 KafkaTopic",
          "keda.sh/v1alpha1 ScaledObject",
          "monitoring.coreos.com/v1 ServiceMonitor",
          "monitoring.coreos.com/v1 PodMonitor",
          "monitoring.coreos.com/v1 PrometheusRule");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void rendersAndParsesWithNoUnknownFields(String overlay) {
    Manifests m = Manifests.of(overlay);
    assertThat(m.resources).as("rendered resources").hasSizeGreaterThan(30);

    List<String> unknown = new ArrayList<>();
    for (HasMetadata r : m.resources) {
      if (r instanceof GenericKubernetesResource) {
        continue;
      }
      collectUnknownFields(r, r.getKind() + "/" + r.getMetadata().getName(), unknown);
    }
    assertThat(unknown).as("fields the Kubernetes model does not know (typos?)").isEmpty();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void onlyKnownCustomResources(String overlay) {
    Set<String> custom =
        Manifests.of(overlay).resources.stream()
            .filter(GenericKubernetesResource.class::isInstance)
            .map(r -> r.getApiVersion() + " " + r.getKind())
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    assertThat(ALLOWED_CUSTOM)
        .as("custom resources must be ones the docs tell to install")
        .containsAll(custom);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everythingInThePayflowNamespaceWithUniqueNames(String overlay) {
    Manifests m = Manifests.of(overlay);
    for (HasMetadata r : m.resources) {
      if (!r.getKind().equals("Namespace")) {
        assertThat(r.getMetadata().getNamespace())
            .as(r.getKind() + "/" + r.getMetadata().getName())
            .isEqualTo("payflow");
      }
      assertThat(r.getMetadata().getLabels())
          .as("labels of " + r.getKind() + "/" + r.getMetadata().getName())
          .containsEntry("app.kubernetes.io/part-of", "payflow");
    }
    List<String> ids =
        m.resources.stream()
            .map(r -> r.getApiVersion() + " " + r.getKind() + "/" + r.getMetadata().getName())
            .toList();
    assertThat(ids).doesNotHaveDuplicates();
  }

  @org.junit.jupiter.api.Test
  void theStrictCheckSeesATypo() {
    HasMetadata typo =
        Manifests.SERIALIZATION.unmarshal(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: c
                  image: i:1
                  readinesProbe: {httpGet: {path: /, port: 80}}
        """);
    List<String> unknown = new ArrayList<>();
    collectUnknownFields(typo, "Deployment/x", unknown);
    assertThat(unknown).singleElement().asString().contains("readinesProbe");
  }

  /** Walks the model objects' fields; non-empty additionalProperties = unknown YAML fields. */
  static void collectUnknownFields(Object node, String path, List<String> out) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        collectUnknownFields(e, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, out));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        Object value;
        try {
          value = f.get(node);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (f.getName().equals("additionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            out.add(path + ": " + extra.keySet());
          }
          continue;
        }
        collectUnknownFields(value, path + "." + f.getName(), out);
      }
    }
  }
}
