package com.payflow.k8s;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The rendered overlays: {@code kubectl kustomize k8s/overlays/<name>}, parsed with the fabric8
 * Kubernetes model (typed where fabric8 knows the kind, {@link GenericKubernetesResource} for CRDs
 * such as Strimzi's, KEDA's and the Prometheus Operator's). Rendered once per JVM.
 */
final class Manifests {

  /** Every overlay that must render and obey the rules. */
  static final List<String> OVERLAYS = List.of("dev", "prod");

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

  final String overlay;

  /** Typed view (fabric8 model class, or GenericKubernetesResource for unknown kinds). */
  final List<HasMetadata> resources;

  /** The same documents as plain maps, for rules on raw fields. */
  final List<GenericKubernetesResource> raw;

  private Manifests(
      String overlay, List<HasMetadata> resources, List<GenericKubernetesResource> raw) {
    this.overlay = overlay;
    this.resources = resources;
    this.raw = raw;
  }

  static Manifests of(String overlay) {
    return CACHE.computeIfAbsent(overlay, Manifests::render);
  }

  private static Manifests render(String overlay) {
    Path dir = repoRoot().resolve("k8s/overlays").resolve(overlay);
    String yaml =
        Tools.run(
                List.of(Tools.kubectl(), "kustomize", dir.toString()),
                repoRoot(),
                Tools.KUBECTL_HINT)
            .stdout();
    List<HasMetadata> typed = new ArrayList<>();
    List<GenericKubernetesResource> raw = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.isBlank()) {
        continue;
      }
      KubernetesResource parsed = SERIALIZATION.unmarshal(doc);
      if (!(parsed instanceof HasMetadata resource)) {
        fail("overlay %s renders a document that is not a Kubernetes object:%n%s", overlay, doc);
        return null;
      }
      typed.add(resource);
      raw.add(SERIALIZATION.unmarshal(doc, GenericKubernetesResource.class));
    }
    return new Manifests(overlay, List.copyOf(typed), List.copyOf(raw));
  }

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("k8s/base/kustomization.yaml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no k8s/base/kustomization.yaml above " + dir);
  }

  static String read(String repoRelativePath) {
    try {
      return Files.readString(repoRoot().resolve(repoRelativePath), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + repoRelativePath, e);
    }
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<GenericKubernetesResource> custom(String apiVersion, String kind) {
    return raw.stream()
        .filter(r -> apiVersion.equals(r.getApiVersion()) && kind.equals(r.getKind()))
        .toList();
  }

  List<GenericKubernetesResource> rawOfKind(String kind) {
    return raw.stream().filter(r -> kind.equals(r.getKind())).toList();
  }

  <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream()
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "overlay " + overlay + " has no " + type.getSimpleName() + " " + name));
  }

  GenericKubernetesResource customNamed(String apiVersion, String kind, String name) {
    return custom(apiVersion, kind).stream()
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("overlay " + overlay + " has no " + kind + " " + name));
  }

  /** Pod-owning workloads by "Kind/name": their pod templates. */
  Map<String, PodTemplateSpec> podTemplates() {
    Map<String, PodTemplateSpec> out = new LinkedHashMap<>();
    all(Deployment.class)
        .forEach(
            d -> out.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
    all(StatefulSet.class)
        .forEach(
            s -> out.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
    all(Job.class)
        .forEach(j -> out.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
    return out;
  }

  /** Every container (init containers included) of every workload, by "Kind/name:container". */
  Map<String, Container> containers() {
    Map<String, Container> out = new LinkedHashMap<>();
    podTemplates()
        .forEach(
            (workload, template) ->
                Stream.concat(
                        Optional.ofNullable(template.getSpec().getInitContainers())
                            .orElse(List.of())
                            .stream(),
                        template.getSpec().getContainers().stream())
                    .forEach(c -> out.put(workload + ":" + c.getName(), c)));
    return out;
  }

  /** Value of a ConfigMap entry (generated names carry a hash suffix: matched by prefix). */
  String configValue(String configMapPrefix, String key) {
    return all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
        .filter(
            c ->
                c.getMetadata().getName().startsWith(configMapPrefix + "-")
                    || c.getMetadata().getName().equals(configMapPrefix))
        .map(c -> c.getData().get(key))
        .filter(v -> v != null)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "overlay " + overlay + ": no ConfigMap " + configMapPrefix + " with " + key));
  }

  @Override
  public String toString() {
    return overlay;
  }
}
