package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every image is pinned: an explicit tag that is not "latest", or a digest. */
class ImagePinningTest {

  static final List<String> OVERLAYS = Manifests.OVERLAYS;

  /** name[:tag][@sha256:...] with the registry port not mistaken for a tag. */
  static final Pattern IMAGE =
      Pattern.compile(
          "^(?<name>[a-z0-9.\\-_/:]+?)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}))?"
              + "(?:@(?<digest>sha256:[a-f0-9]{64}))?$");

  static String pinningProblem(String image) {
    var m = IMAGE.matcher(image);
    if (!m.matches()) {
      return "not an image reference";
    }
    String tag = m.group("tag");
    if (m.group("digest") != null) {
      return null;
    }
    if (tag == null) {
      return "no tag (means latest)";
    }
    if (tag.equals("latest")) {
      return "tag latest";
    }
    return null;
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyContainerImageIsPinned(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests.of(overlay)
        .containers()
        .forEach(
            (where, c) ->
                soft.assertThat(pinningProblem(c.getImage()))
                    .as(where + " image " + c.getImage())
                    .isNull());
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void ownImagesCarryTheReleaseTag(String overlay) {
    SoftAssertions soft = new SoftAssertions();
    Manifests.of(overlay)
        .containers()
        .forEach(
            (where, c) -> {
              if (c.getImage().contains("payflow/")) {
                soft.assertThat(c.getImage())
                    .as(where)
                    .matches(
                        ".*payflow/[a-z-]+(:\\d+\\.\\d+\\.\\d+"
                            + "(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})");
              }
            });
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void strimziKafkaVersionIsPinned(String overlay) {
    // Strimzi picks the broker image from spec.kafka.version: that is the pin.
    GenericKubernetesResource kafka =
        Manifests.of(overlay).customNamed("kafka.strimzi.io/v1beta2", "Kafka", "payflow-kafka");
    assertThat((String) kafka.get("spec", "kafka", "version")).matches("\\d+\\.\\d+\\.\\d+");
    assertThat((String) kafka.get("spec", "kafka", "metadataVersion")).isNotBlank();
  }

  @org.junit.jupiter.api.Test
  void theRuleItself() {
    assertThat(pinningProblem("mysql:8.4.6")).isNull();
    assertThat(pinningProblem("registry.example:5000/payflow/nginx:0.1.0")).isNull();
    assertThat(pinningProblem("redis@sha256:" + "a".repeat(64))).isNull();
    assertThat(pinningProblem("redis")).contains("no tag");
    assertThat(pinningProblem("registry.example:5000/redis")).contains("no tag");
    assertThat(pinningProblem("redis:latest")).contains("latest");
  }
}
