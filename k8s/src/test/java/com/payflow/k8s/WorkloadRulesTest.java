package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Project rules for every workload of every overlay: probes, resources, a PDB, non-root and the
 * rest of the restricted security profile, graceful shutdown, spread, JVM sizing.
 */
class WorkloadRulesTest {

  static final List<String> OVERLAYS = Manifests.OVERLAYS;

  static final List<String> JAVA_SERVICES =
      List.of("gateway-service", "transaction-service", "settlement-consumer", "ledger-service");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyDeploymentHasTheThreeProbes(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    for (Deployment d : Manifests.of(overlay).all(Deployment.class)) {
      for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
        String where = "Deployment/" + d.getMetadata().getName() + ":" + c.getName();
        soft.assertThat(c.getLivenessProbe()).as(where + " livenessProbe").isNotNull();
        soft.assertThat(c.getReadinessProbe()).as(where + " readinessProbe").isNotNull();
        soft.assertThat(c.getStartupProbe()).as(where + " startupProbe").isNotNull();
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void javaServicesProbeTheActuatorHealthGroups(String overlay) {
    Manifests m = Manifests.of(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (String name : JAVA_SERVICES) {
      Container c =
          m.named(Deployment.class, name)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .getFirst();
      soft.assertThat(c.getLivenessProbe().getHttpGet().getPath())
          .as(name + " liveness")
          .isEqualTo("/actuator/health/liveness");
      soft.assertThat(c.getReadinessProbe().getHttpGet().getPath())
          .as(name + " readiness")
          .isEqualTo("/actuator/health/readiness");
      soft.assertThat(c.getStartupProbe().getHttpGet().getPath())
          .as(name + " startup")
          .isEqualTo("/actuator/health/liveness");
      soft.assertThat(
              c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds())
          .as(name + " startup budget (s): Flyway and cache warm-up run at start")
          .isGreaterThanOrEqualTo(120);
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyContainerHasRequestsAndLimitsAndGuaranteedMemory(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests.of(overlay)
        .containers()
        .forEach(
            (where, c) -> {
              var res = c.getResources();
              soft.assertThat(res).as(where + " resources").isNotNull();
              if (res == null) {
                return;
              }
              Map<String, Quantity> requests =
                  Optional.ofNullable(res.getRequests()).orElse(Map.of());
              Map<String, Quantity> limits = Optional.ofNullable(res.getLimits()).orElse(Map.of());
              soft.assertThat(requests).as(where + " requests").containsKeys("cpu", "memory");
              soft.assertThat(limits).as(where + " limits").containsKeys("cpu", "memory");
              if (requests.containsKey("memory") && limits.containsKey("memory")) {
                // The heap is a percentage of the limit; a pod that may be OOM-killed for using
                // memory it was promised is worse than one that never gets scheduled.
                soft.assertThat(Quantity.getAmountInBytes(requests.get("memory")))
                    .as(where + " memory request == limit")
                    .isEqualByComparingTo(Quantity.getAmountInBytes(limits.get("memory")));
              }
            });
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyDeploymentAndStatefulSetHasAPodDisruptionBudget(String overlay) {
    Manifests m = Manifests.of(overlay);
    List<PodDisruptionBudget> pdbs = m.all(PodDisruptionBudget.class);
    SoftAssertions soft = new SoftAssertions();
    m.podTemplates()
        .forEach(
            (workload, template) -> {
              if (workload.startsWith("Job/")) {
                return;
              }
              Map<String, String> labels = template.getMetadata().getLabels();
              long selecting =
                  pdbs.stream()
                      .filter(
                          p ->
                              p.getSpec().getSelector().getMatchExpressions() == null
                                  || p.getSpec().getSelector().getMatchExpressions().isEmpty())
                      .filter(
                          p ->
                              labels
                                  .entrySet()
                                  .containsAll(
                                      p.getSpec().getSelector().getMatchLabels().entrySet()))
                      .count();
              soft.assertThat(selecting)
                  .as(workload + ": PodDisruptionBudgets selecting its pods")
                  .isEqualTo(1);
            });
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyPodRunsNonRootWithTheRestrictedProfile(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests.of(overlay)
        .podTemplates()
        .forEach(
            (workload, template) -> {
              PodSpec pod = template.getSpec();
              PodSecurityContext psc =
                  Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
              soft.assertThat(pod.getAutomountServiceAccountToken())
                  .as(workload + " automountServiceAccountToken")
                  .isFalse();
              for (Container c : pod.getContainers()) {
                String where = workload + ":" + c.getName();
                SecurityContext sc =
                    Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
                boolean nonRoot =
                    Boolean.TRUE.equals(sc.getRunAsNonRoot())
                        || (sc.getRunAsNonRoot() == null
                            && Boolean.TRUE.equals(psc.getRunAsNonRoot()));
                soft.assertThat(nonRoot).as(where + " runAsNonRoot").isTrue();
                Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc.getRunAsUser();
                soft.assertThat(uid)
                    .as(where + " numeric runAsUser (so runAsNonRoot is checkable)")
                    .isNotNull()
                    .isPositive();
                soft.assertThat(sc.getReadOnlyRootFilesystem())
                    .as(where + " readOnlyRootFilesystem")
                    .isTrue();
                soft.assertThat(sc.getAllowPrivilegeEscalation())
                    .as(where + " allowPrivilegeEscalation")
                    .isFalse();
                soft.assertThat(
                        sc.getCapabilities() == null ? null : sc.getCapabilities().getDrop())
                    .as(where + " capabilities.drop")
                    .containsExactly("ALL");
                String seccomp =
                    sc.getSeccompProfile() != null
                        ? sc.getSeccompProfile().getType()
                        : psc.getSeccompProfile() != null
                            ? psc.getSeccompProfile().getType()
                            : null;
                soft.assertThat(seccomp).as(where + " seccompProfile").isEqualTo("RuntimeDefault");
              }
            });
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void deploymentsWriteOnlyToAnEmptyDirTmp(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    for (Deployment d : Manifests.of(overlay).all(Deployment.class)) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      for (Container c : pod.getContainers()) {
        String where = "Deployment/" + d.getMetadata().getName() + ":" + c.getName();
        Optional<String> tmpVolume =
            c.getVolumeMounts().stream()
                .filter(v -> v.getMountPath().equals("/tmp"))
                .map(v -> v.getName())
                .findFirst();
        soft.assertThat(tmpVolume).as(where + " mounts /tmp").isPresent();
        tmpVolume.ifPresent(
            name ->
                soft.assertThat(
                        pod.getVolumes().stream()
                            .filter(v -> v.getName().equals(name))
                            .map(Volume::getEmptyDir)
                            .findFirst())
                    .as(where + " /tmp is an emptyDir")
                    .get()
                    .isNotNull());
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void deploymentsShutDownGracefullyAndSpread(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    for (Deployment d : Manifests.of(overlay).all(Deployment.class)) {
      String name = "Deployment/" + d.getMetadata().getName();
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      Container c = pod.getContainers().getFirst();
      var preStop = c.getLifecycle() == null ? null : c.getLifecycle().getPreStop();
      soft.assertThat(preStop).as(name + " preStop").isNotNull();
      if (preStop == null) {
        continue;
      }
      soft.assertThat(preStop.getSleep()).as(name + " preStop sleep").isNotNull();
      long sleep = preStop.getSleep() == null ? 0 : preStop.getSleep().getSeconds();
      long grace = Optional.ofNullable(pod.getTerminationGracePeriodSeconds()).orElse(30L);
      long shutdown = shutdownPhaseSeconds(c);
      soft.assertThat(grace)
          .as(
              name
                  + " terminationGracePeriodSeconds > preStop ("
                  + sleep
                  + " s) + Spring shutdown phase ("
                  + shutdown
                  + " s)")
          .isGreaterThan(sleep + shutdown);
      soft.assertThat(pod.getTopologySpreadConstraints())
          .as(name + " topologySpreadConstraints")
          .isNotEmpty()
          .anySatisfy(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void jvmHeapFollowsTheContainerLimit(String overlay) {
    Manifests m = Manifests.of(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (String name : JAVA_SERVICES) {
      Container c =
          m.named(Deployment.class, name)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .getFirst();
      String opts = env(c, "JDK_JAVA_OPTIONS").orElse("");
      soft.assertThat(opts)
          .as(name + " JDK_JAVA_OPTIONS")
          .contains("-XX:MaxRAMPercentage=")
          .contains("-XX:+ExitOnOutOfMemoryError")
          .doesNotContain("-Xmx")
          .doesNotContain("-Xms");
      if (name.equals("gateway-service")) {
        soft.assertThat(opts).as("gateway GC").contains("-XX:+UseSerialGC");
      }
    }
    soft.assertAll();
  }

  static Optional<String> env(Container c, String name) {
    return Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst();
  }

  static long shutdownPhaseSeconds(Container c) {
    return env(c, "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE")
        .map(v -> Long.parseLong(v.replace("s", "")))
        .orElse(0L);
  }

  static Map<String, String> labels(PodTemplateSpec t) {
    return t.getMetadata().getLabels();
  }
}
