package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What scales with what: the gateway on CPU (HPA), settlement-consumer on Kafka lag (KEDA) but
 * never to more consumers than partitions, the ledger pinned at 2; topics and their durability per
 * overlay.
 */
class ScalingAndKafkaTest {

  /** Topic → the consumer group settlement-consumer reads it with (its application.yml). */
  private static final Map<String, String> SETTLEMENT_GROUPS = settlementGroups();

  static final List<String> OVERLAYS = Manifests.OVERLAYS;
  static final String STRIMZI = "kafka.strimzi.io/v1beta2";

  static final Map<String, Integer> PARTITIONS =
      Map.of(
          "payments.submitted",
          12,
          "payments.credits",
          12,
          "payments.outcomes",
          12,
          "ledger.batches",
          1,
          "payments.submitted.DLT",
          12,
          "payments.credits.DLT",
          12);

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void kedaNeverRunsMoreSettlementConsumersThanPartitions(String overlay) {
    Manifests m = Manifests.of(overlay);
    GenericKubernetesResource so =
        m.customNamed("keda.sh/v1alpha1", "ScaledObject", "settlement-consumer");
    String target = so.get("spec", "scaleTargetRef", "name");
    Deployment settlement = m.named(Deployment.class, target);
    int max = ((Number) so.get("spec", "maxReplicaCount")).intValue();
    int min = ((Number) so.get("spec", "minReplicaCount")).intValue();
    int concurrency =
        Integer.parseInt(
            WorkloadRulesTest.env(
                    settlement.getSpec().getTemplate().getSpec().getContainers().getFirst(),
                    "SETTLEMENT_CONCURRENCY")
                .orElse("2")); // application.yml default
    List<Map<String, Object>> triggers = so.get("spec", "triggers");
    assertThat(
            triggers.stream()
                .map(t -> String.valueOf(((Map<?, ?>) t.get("metadata")).get("topic")))
                .toList())
        .as("one trigger per topic settlement-consumer consumes")
        .containsExactlyInAnyOrderElementsOf(SETTLEMENT_GROUPS.keySet());
    assertThat(triggers).isNotEmpty();
    for (Map<String, Object> trigger : triggers) {
      assertThat(trigger.get("type")).isEqualTo("kafka");
      @SuppressWarnings("unchecked")
      Map<String, String> meta = (Map<String, String>) trigger.get("metadata");
      assertThat(meta.get("consumerGroup"))
          .as(
              "the group settlement-consumer consumes %s with (its application.yml)",
              meta.get("topic"))
          .isEqualTo(SETTLEMENT_GROUPS.get(meta.get("topic")));
      assertThat(meta.get("bootstrapServers")).startsWith("payflow-kafka-kafka-bootstrap");
      int partitions = partitions(m, meta.get("topic"));
      assertThat(max * concurrency)
          .as(
              "%s: maxReplicaCount %d x SETTLEMENT_CONCURRENCY %d <= partitions of %s (%d)",
              overlay, max, concurrency, meta.get("topic"), partitions)
          .isLessThanOrEqualTo(partitions);
      assertThat(meta.get("allowIdleConsumers")).isEqualTo("false");
    }
    assertThat(min).isBetween(1, max);
    assertThat(settlement.getSpec().getReplicas())
        .as("replicas are KEDA's, not the manifest's")
        .isNull();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void gatewayScalesOnCpuAndNothingElseIsAutoscaledByHpa(String overlay) {
    Manifests m = Manifests.of(overlay);
    List<HorizontalPodAutoscaler> hpas = m.all(HorizontalPodAutoscaler.class);
    assertThat(hpas)
        .singleElement()
        .satisfies(
            hpa -> {
              assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("gateway-service");
              assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
              assertThat(hpa.getSpec().getMaxReplicas())
                  .isGreaterThan(hpa.getSpec().getMinReplicas());
              assertThat(hpa.getSpec().getMetrics())
                  .anySatisfy(
                      metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
            });
    assertThat(m.named(Deployment.class, "gateway-service").getSpec().getReplicas())
        .as("replicas are the HPA's")
        .isNull();
    // A Resource (CPU) metric is read from the metrics API: without metrics-server the HPA
    // never scales. The kind cluster the dev overlay runs on gets it from setup.sh.
    if ("dev".equals(overlay)) {
      assertThat(Manifests.read("k8s/kind/setup.sh"))
          .as("k8s/kind/setup.sh installs metrics-server for the gateway HPA")
          .containsPattern("helm upgrade --install metrics-server .*metrics-server/metrics-server");
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void ledgerRunsExactlyTwoAndIsNeverAutoscaled(String overlay) {
    Manifests m = Manifests.of(overlay);
    assertThat(m.named(Deployment.class, "ledger-service").getSpec().getReplicas()).isEqualTo(2);
    assertThat(m.all(HorizontalPodAutoscaler.class))
        .noneMatch(h -> h.getSpec().getScaleTargetRef().getName().equals("ledger-service"));
    assertThat(m.custom("keda.sh/v1alpha1", "ScaledObject"))
        .noneMatch(s -> "ledger-service".equals(s.get("spec", "scaleTargetRef", "name")));
    assertThat(partitions(m, "ledger.batches")).as("one total order: one partition").isEqualTo(1);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void topicsMatchTheLocalPlatform(String overlay) {
    Manifests m = Manifests.of(overlay);
    Map<String, Integer> topics =
        m.custom(STRIMZI, "KafkaTopic").stream()
            .collect(
                Collectors.toMap(
                    ScalingAndKafkaTest::topicName,
                    t -> ((Number) t.get("spec", "partitions")).intValue()));
    assertThat(topics).isEqualTo(PARTITIONS);
    assertThat(m.custom(STRIMZI, "KafkaTopic"))
        .allSatisfy(
            t ->
                assertThat(t.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", "payflow-kafka"));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void durabilityPerOverlay(String overlay) {
    Manifests m = Manifests.of(overlay);
    int replicas = overlay.equals("prod") ? 3 : 1;
    int minIsr = overlay.equals("prod") ? 2 : 1;
    SoftAssertions soft = new SoftAssertions();
    for (GenericKubernetesResource t : m.custom(STRIMZI, "KafkaTopic")) {
      soft.assertThat(((Number) t.get("spec", "replicas")).intValue())
          .as(topicName(t) + " replicas")
          .isEqualTo(replicas);
      soft.assertThat(String.valueOf((Object) t.get("spec", "config", "min.insync.replicas")))
          .as(topicName(t) + " min.insync.replicas")
          .isEqualTo(String.valueOf(minIsr));
    }
    GenericKubernetesResource kafka = m.customNamed(STRIMZI, "Kafka", "payflow-kafka");
    Map<String, Object> config = kafka.get("spec", "kafka", "config");
    soft.assertThat(String.valueOf(config.get("default.replication.factor")))
        .isEqualTo("" + replicas);
    soft.assertThat(String.valueOf(config.get("min.insync.replicas"))).isEqualTo("" + minIsr);
    soft.assertThat(String.valueOf(config.get("offsets.topic.replication.factor")))
        .isEqualTo("" + replicas);
    soft.assertThat(String.valueOf(config.get("auto.create.topics.enable"))).isEqualTo("false");
    // Enough brokers for the replication factor; a controller quorum that survives a loss in prod.
    int brokers = 0;
    int controllers = 0;
    for (GenericKubernetesResource pool : m.custom(STRIMZI, "KafkaNodePool")) {
      List<String> roles = pool.get("spec", "roles");
      int n = ((Number) pool.get("spec", "replicas")).intValue();
      brokers += roles.contains("broker") ? n : 0;
      controllers += roles.contains("controller") ? n : 0;
      soft.assertThat(pool.getMetadata().getLabels())
          .containsEntry("strimzi.io/cluster", "payflow-kafka");
    }
    soft.assertThat(brokers).as("brokers").isGreaterThanOrEqualTo(replicas);
    soft.assertThat(controllers % 2).as("odd controller quorum").isEqualTo(1);
    if (overlay.equals("prod")) {
      soft.assertThat(controllers).as("controllers").isGreaterThanOrEqualTo(3);
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void servicesUseTheStrimziBootstrap(String overlay) {
    Manifests m = Manifests.of(overlay);
    assertThat(m.configValue("payflow-platform", "KAFKA_BOOTSTRAP"))
        .isEqualTo("payflow-kafka-kafka-bootstrap:9092");
    Set<String> listeners =
        ((List<Map<String, Object>>)
                m.customNamed(STRIMZI, "Kafka", "payflow-kafka").get("spec", "kafka", "listeners"))
            .stream().map(l -> l.get("port") + "/" + l.get("tls")).collect(Collectors.toSet());
    assertThat(listeners).contains("9092/false");
  }

  static String topicName(GenericKubernetesResource t) {
    String name = t.get("spec", "topicName");
    return name != null ? name : t.getMetadata().getName();
  }

  static int partitions(Manifests m, String topic) {
    return m.custom(STRIMZI, "KafkaTopic").stream()
        .filter(t -> topic.equals(topicName(t)))
        .map(t -> ((Number) t.get("spec", "partitions")).intValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no KafkaTopic " + topic + " in " + m));
  }

  private static Map<String, String> settlementGroups() {
    String yml = Manifests.read("settlement-consumer/src/main/resources/application.yml");
    String group = setting(yml, "group-id");
    return Map.of(
        setting(yml, "submitted-topic"),
        group,
        setting(yml, "credits-topic"),
        setting(yml, "credits-group-id").replace("${spring.kafka.consumer.group-id}", group));
  }

  /** The value of {@code key} in {@code yml}, each {@code ${ENV:default}} as its default. */
  private static String setting(String yml, String key) {
    Matcher value = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + ":\\s*(\\S+)").matcher(yml);
    assertThat(value.find()).as(key + " in settlement-consumer's application.yml").isTrue();
    return value.group(1).replaceAll("\\$\\{[A-Z0-9_]+:([^}]*)}", "$1");
  }
}
