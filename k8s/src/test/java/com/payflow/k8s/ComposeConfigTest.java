package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infra/compose.yaml is valid for Docker Compose (`config`, no engine needed) with the example env
 * file, refuses to start without the secrets, pins its images and wires the services.
 */
class ComposeConfigTest {

  static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void renderConfig() {
    List<String> command = new ArrayList<>(Tools.compose());
    command.addAll(
        List.of("-f", "infra/compose.yaml", "--env-file", "infra/.env.example", "config"));
    Tools.Result result = Tools.runRaw(command, Manifests.repoRoot(), Map.of(), true);
    assertThat(result)
        .as("cannot start " + command.getFirst() + ". " + Tools.COMPOSE_HINT)
        .isNotNull();
    assertThat(result.exitCode())
        .as(String.join(" ", command) + " failed:\n" + result.stderr())
        .isZero();
    Map<String, Object> config = Manifests.SERIALIZATION.unmarshal(result.stdout(), Map.class);
    services = (Map<String, Map<String, Object>>) config.get("services");
  }

  @Test
  void wholePlatformIsThere() {
    assertThat(services.keySet())
        .containsExactlyInAnyOrder(
            "mysql",
            "kafka",
            "kafka-init",
            "redis",
            "gateway-1",
            "gateway-2",
            "transaction-service",
            "settlement-consumer",
            "ledger-service",
            "nginx");
  }

  @Test
  void imagesArePinned() {
    SoftAssertions soft = new SoftAssertions();
    services.forEach(
        (name, s) ->
            soft.assertThat(ImagePinningTest.pinningProblem((String) s.get("image")))
                .as(name + " " + s.get("image"))
                .isNull());
    soft.assertAll();
  }

  @Test
  void ownImagesAreTheOnesTheDevOverlayDeploys() {
    var composeImages = new TreeSet<String>();
    services
        .values()
        .forEach(
            s -> {
              String image = (String) s.get("image");
              if (image.startsWith("payflow/")) {
                composeImages.add(image);
              }
            });
    var k8sImages = new TreeSet<String>();
    Manifests.of("dev")
        .containers()
        .values()
        .forEach(
            c -> {
              if (c.getImage().startsWith("payflow/")) {
                k8sImages.add(c.getImage());
              }
            });
    assertThat(k8sImages).as("kind load takes what compose builds").isEqualTo(composeImages);
  }

  @Test
  @SuppressWarnings("unchecked")
  void infrastructureIsHealthCheckedAndServicesWaitForIt() {
    for (String infra : List.of("mysql", "kafka", "redis")) {
      assertThat(services.get(infra)).as(infra).containsKey("healthcheck");
    }
    Map<String, Object> settlementDeps =
        (Map<String, Object>) services.get("settlement-consumer").get("depends_on");
    assertThat(settlementDeps).containsKeys("mysql", "kafka-init");
    assertThat(((Map<String, Object>) settlementDeps.get("kafka-init")).get("condition"))
        .isEqualTo("service_completed_successfully");
    assertThat(((Map<String, Object>) settlementDeps.get("mysql")).get("condition"))
        .isEqualTo("service_healthy");
    assertThat(services.get("nginx").get("ports").toString()).contains("8080");
  }

  @Test
  void withoutTheSecretsComposeRefusesAndNamesTheVariable() throws Exception {
    var empty = java.nio.file.Files.createTempFile("payflow-empty", ".env");
    try {
      List<String> command = new ArrayList<>(Tools.compose());
      command.addAll(List.of("-f", "infra/compose.yaml", "--env-file", empty.toString(), "config"));
      Tools.Result result = Tools.runRaw(command, Manifests.repoRoot(), Map.of(), true);
      assertThat(result.exitCode()).isNotZero();
      assertThat(result.stderr() + result.stdout()).contains("in infra/.env");
    } finally {
      java.nio.file.Files.deleteIfExists(empty);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> environment(String service) {
    Object env = services.get(service).get("environment");
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (env instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put((String) k, v == null ? "" : String.valueOf(v)));
    } else if (env instanceof List<?> list) {
      for (Object e : list) {
        String s = (String) e;
        int eq = s.indexOf('=');
        out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
      }
    }
    return out;
  }
}
