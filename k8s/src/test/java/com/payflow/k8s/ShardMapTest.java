package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.routing.ShardRouter;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The shard map in the ConfigMap is one the real router accepts, addresses exactly the shard
 * servers that exist, and every shard host resolves to a pod of the shard StatefulSet.
 */
class ShardMapTest {

  static final List<String> OVERLAYS = Manifests.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void bucketTableParsesAndCoversEveryShardServer(String overlay) {
    Manifests m = Manifests.of(overlay);
    int count = Integer.parseInt(m.configValue("payflow-shards", "SHARD_COUNT"));
    String table = m.configValue("payflow-shards", "PAYFLOW_BUCKET_TABLE");
    ShardRouter router = ShardRouter.fromSpec(table, count); // throws on a bad table
    assertThat(router.shardCount()).isEqualTo(count);
    StatefulSet shards = m.named(StatefulSet.class, "mysql-shard");
    assertThat(shards.getSpec().getReplicas()).as("one MySQL server per shard").isEqualTo(count);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shardHostTemplateAddressesTheStatefulSetPods(String overlay) {
    Manifests m = Manifests.of(overlay);
    String host = m.configValue("payflow-shards", "MYSQL_HOST");
    StatefulSet shards = m.named(StatefulSet.class, "mysql-shard");
    String governing = shards.getSpec().getServiceName();
    assertThat(host).isEqualTo(shards.getMetadata().getName() + "-{shard}." + governing);
    Service headless = m.named(Service.class, governing);
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getSelector())
        .isEqualTo(shards.getSpec().getSelector().getMatchLabels());
    assertThat(m.configValue("payflow-shards", "SHARD_DB_PREFIX")).isEqualTo("payflow_shard");
  }

  @Test
  void composeUsesTheSameTable() {
    String compose = Manifests.read("infra/compose.yaml");
    String k8s = Manifests.of("dev").configValue("payflow-shards", "PAYFLOW_BUCKET_TABLE");
    assertThat(compose)
        .contains("PAYFLOW_BUCKET_TABLE: \"" + k8s + "\"")
        .contains(
            "SHARD_COUNT: \""
                + Manifests.of("dev").configValue("payflow-shards", "SHARD_COUNT")
                + "\"");
  }

  @Test
  void composeMountsTheKubernetesMysqlInitScript_oneScriptForBoth() {
    assertThat(Manifests.read("infra/compose.yaml"))
        .as("infra/compose.yaml mounts k8s/base/mysql/payflow-init.sh instead of a copy")
        .contains("../k8s/base/mysql/payflow-init.sh:/docker-entrypoint-initdb.d/10-payflow.sh:ro");
  }
}
