package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every environment variable a service's application.yml needs in a container is set by Compose and
 * by Kubernetes: the ones without a default or with an empty default (secrets, the bucket table),
 * and the ones whose default points at localhost (inside a container that is the container itself).
 * Read from the services' sources, so a new required variable added to an application.yml fails
 * here until the deployment files provide it.
 */
class EnvWiringTest {

  static final List<String> OVERLAYS = Manifests.OVERLAYS;
  static final List<String> SERVICES = WorkloadRulesTest.JAVA_SERVICES;

  /** An environment variable's name (property references such as ${payflow.x} are not). */
  static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

  static Set<String> requiredInContainers(String service) {
    String yml = Manifests.read(service + "/src/main/resources/application.yml");
    Set<String> out = new TreeSet<>();
    collectRequired(yml, out);
    return out;
  }

  /**
   * Every {@code ${NAME:default}}, nested ones included: NAME is required when it has no default,
   * an empty one, or one whose own text points at localhost. A default built of other placeholders
   * ({@code ${REDIS_URI:redis://${REDIS_HOST:127.0.0.1}:6379}}) is judged by those: here REDIS_HOST
   * is required and REDIS_URI is not.
   */
  static void collectRequired(String text, Set<String> out) {
    for (ServiceConfig.Placeholder p : ServiceConfig.placeholders(text)) {
      String def = p.fallback();
      if (VARIABLE.matcher(p.name()).matches()) {
        String own = def == null ? "" : ServiceConfig.withoutPlaceholders(def);
        if (def == null
            || def.isEmpty()
            || own.contains("127.0.0.1")
            || own.contains("localhost")) {
          out.add(p.name());
        }
      }
      if (def != null) {
        collectRequired(def, out);
      }
    }
  }

  @Test
  void composeProvidesEverything() {
    ComposeConfigTest.renderConfig();
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      String composeName = service.equals("gateway-service") ? "gateway-1" : service;
      Set<String> provided = ComposeConfigTest.environment(composeName).keySet();
      soft.assertThat(provided)
          .as(composeName + " environment")
          .containsAll(requiredInContainers(service));
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void kubernetesProvidesEverything(String overlay) {
    Manifests m = Manifests.of(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      Container c =
          m.named(Deployment.class, service)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .getFirst();
      Set<String> provided = new TreeSet<>();
      Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
          .map(EnvVar::getName)
          .forEach(provided::add);
      for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
        if (from.getConfigMapRef() != null) {
          ConfigMap cm = m.named(ConfigMap.class, from.getConfigMapRef().getName());
          provided.addAll(cm.getData().keySet());
        }
      }
      Set<String> required = requiredInContainers(service);
      if (service.equals("ledger-service")) {
        // MYSQL_HOST is the shard template there; the ledger DB URL is set whole.
        assertThat(provided).contains("SPRING_DATASOURCE_URL");
        // Signing key inline from the Secret; the key file is never used (generation is off).
        required.remove("LEDGER_SIGNING_KEY_FILE");
      }
      soft.assertThat(provided).as(overlay + " " + service + " environment").containsAll(required);
    }
    soft.assertAll();
  }

  @Test
  void thePlaceholderReaderFollowsNestedDefaults() {
    Set<String> required = new TreeSet<>();
    collectRequired(
        """
        uri: ${REDIS_URI:redis://${REDIS_HOST:127.0.0.1}:${REDIS_PORT:6379}}
        url: ${SETTLEMENT_URL:http://${payflow.host}:${SETTLEMENT_PORT:8084}}
        key: ${SECRET_KEY:}
        host: ${OTHER_HOST:localhost}
        """,
        required);
    assertThat(required).containsExactly("OTHER_HOST", "REDIS_HOST", "SECRET_KEY");
  }

  @Test
  void thePlaceholderReaderFindsTheSecrets() {
    assertThat(requiredInContainers("settlement-consumer"))
        .contains(
            "PAYFLOW_DB_SETTLEMENT_PASSWORD",
            "KAFKA_BOOTSTRAP",
            "MYSQL_HOST",
            "PAYFLOW_BUCKET_TABLE",
            "PAYFLOW_OPERATOR_KEY_SHA256")
        .doesNotContain("SETTLEMENT_CONCURRENCY");
  }
}
