package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.yaml.snakeyaml.Yaml;

/**
 * One version per server, declared once in {@code k8s/versions.env}: the local broker, Docker
 * Compose, the Kubernetes manifests and the integration tests' Testcontainers all run it.
 */
class VersionsTest {

  static final String FILE = "k8s/versions.env";
  static final List<String> OVERLAYS = Manifests.OVERLAYS;

  /** Image repository → the key of its version. */
  static final Map<String, String> IMAGES =
      Map.of("apache/kafka", "KAFKA_VERSION", "redis", "REDIS_VERSION", "mysql", "MYSQL_VERSION");

  static final Pattern EXACT = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  static Properties versions() {
    Properties p = new Properties();
    try {
      p.load(new StringReader(Manifests.read(FILE)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }

  static String version(String key) {
    String value = versions().getProperty(key);
    assertThat(value).as(key + " in " + FILE).isNotBlank();
    return value.trim();
  }

  /** repository and tag of an image reference (no digest, no registry port in our images). */
  static String[] repoAndTag(String image) {
    int colon = image.lastIndexOf(':');
    return colon < 0
        ? new String[] {image, ""}
        : new String[] {image.substring(0, colon), image.substring(colon + 1)};
  }

  @Test
  void everyVersionIsExact() {
    SoftAssertions soft = new SoftAssertions();
    for (String key :
        List.of("KAFKA_VERSION", "REDIS_VERSION", "MYSQL_VERSION", "STRIMZI_VERSION")) {
      soft.assertThat(version(key)).as(key + " (no floating tag such as 7-alpine)").matches(EXACT);
    }
    soft.assertThat(version("KAFKA_METADATA_VERSION"))
        .as("KAFKA_METADATA_VERSION belongs to KAFKA_VERSION's line")
        .startsWith(version("KAFKA_VERSION").replaceAll("^(\\d+\\.\\d+)\\..*", "$1") + "-IV");
    soft.assertAll();
  }

  @Test
  void strimziSupportsTheKafkaVersion() {
    List<String> supported =
        Arrays.stream(version("STRIMZI_KAFKA_VERSIONS").split(",")).map(String::trim).toList();
    assertThat(supported)
        .as(
            "Strimzi %s's Kafka versions (%s): KAFKA_VERSION must be one",
            version("STRIMZI_VERSION"), FILE)
        .contains(version("KAFKA_VERSION"));
  }

  @Test
  void theLocalBrokerRunsIt() {
    Matcher m =
        Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>")
            .matcher(Manifests.read("infra/kafka/pom.xml"));
    assertThat(m.find()).as("kafka.version in infra/kafka/pom.xml").isTrue();
    assertThat(m.group(1))
        .as("infra/kafka/pom.xml kafka.version")
        .isEqualTo(version("KAFKA_VERSION"));
  }

  @Test
  void composeRunsThem() {
    List<String> images = new ArrayList<>();
    collectImages(new Yaml().load(Manifests.read("infra/compose.yaml")), images);
    assertImages("infra/compose.yaml", images);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void kubernetesRunsThem(String overlay) {
    Manifests m = Manifests.of(overlay);
    List<String> images = new ArrayList<>();
    m.containers().values().forEach(c -> images.add(c.getImage()));
    assertImages("overlay " + overlay, images);
    // Strimzi runs the Kafka image of spec.kafka.version.
    GenericKubernetesResource kafka =
        m.customNamed("kafka.strimzi.io/v1beta2", "Kafka", "payflow-kafka");
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat((String) kafka.get("spec", "kafka", "version"))
        .as(overlay + ": Strimzi's spec.kafka.version")
        .isEqualTo(version("KAFKA_VERSION"));
    soft.assertThat((String) kafka.get("spec", "kafka", "metadataVersion"))
        .as(overlay + ": Strimzi's spec.kafka.metadataVersion")
        .isEqualTo(version("KAFKA_METADATA_VERSION"));
    soft.assertAll();
  }

  @Test
  void testcontainersRunThem() {
    String source =
        Manifests.read("test-support/src/main/java/com/payflow/testsupport/RealServers.java");
    Matcher m =
        Pattern.compile("\"((?:apache/kafka|redis|mysql):[A-Za-z0-9_.\\-]+)\"").matcher(source);
    List<String> images = new ArrayList<>();
    while (m.find()) {
      images.add(m.group(1));
    }
    assertImages("RealServers (Testcontainers)", images);
  }

  @Test
  void theKindSetupInstallsTheStrimziOfThisFile() {
    String setup = Manifests.read("k8s/kind/setup.sh");
    assertThat(setup)
        .as("k8s/kind/setup.sh reads STRIMZI_VERSION from " + FILE)
        .contains("versions.env")
        .contains("--version \"$STRIMZI_VERSION\"")
        .doesNotContainPattern("(?m)^\\s*STRIMZI_VERSION=");
    assertThat(Manifests.read("docs/kubernetes.md"))
        .as("docs/kubernetes.md names the Strimzi version the cluster needs")
        .contains("Strimzi " + version("STRIMZI_VERSION"));
  }

  /** Every image of a pinned server runs its version from the file, and each server is there. */
  private static void assertImages(String where, List<String> images) {
    SoftAssertions soft = new SoftAssertions();
    for (String image : images) {
      String[] rt = repoAndTag(image);
      String key = IMAGES.get(rt[0]);
      if (key != null) {
        soft.assertThat(rt[1])
            .as("%s: %s (%s in %s)", where, image, key, FILE)
            .isEqualTo(version(key));
      }
    }
    for (String repository : IMAGES.keySet()) {
      if (where.startsWith("overlay") && repository.equals("apache/kafka")) {
        continue; // Strimzi's own images, chosen by spec.kafka.version (checked above)
      }
      soft.assertThat(images)
          .as("%s runs %s", where, repository)
          .anyMatch(i -> repoAndTag(i)[0].equals(repository));
    }
    soft.assertAll();
  }

  private static void collectImages(Object node, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            if ("image".equals(k) && v instanceof String s) {
              out.add(s);
            } else {
              collectImages(v, out);
            }
          });
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectImages(v, out));
    }
  }
}
