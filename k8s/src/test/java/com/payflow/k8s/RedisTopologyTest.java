package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The services' Redis topology matches the Redis the overlay deploys: a Redis Cluster (a redis
 * config with {@code cluster-enabled yes}) needs REDIS_TOPOLOGY CLUSTER and a seed, a single server
 * STANDALONE (or unset: the services' application.yml default).
 */
class RedisTopologyTest {

  static final java.util.List<String> OVERLAYS = Manifests.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theServicesClientMatchesTheDeployedRedis(String overlay) {
    Manifests m = Manifests.of(overlay);
    boolean clusterDeployed =
        m.all(ConfigMap.class).stream()
            .filter(map -> map.getMetadata().getName().startsWith("redis"))
            .map(ConfigMap::getData)
            .filter(data -> data != null && data.containsKey("redis.conf"))
            .anyMatch(data -> data.get("redis.conf").contains("cluster-enabled yes"));
    Map<String, String> platform =
        m.all(ConfigMap.class).stream()
            .filter(map -> map.getMetadata().getName().startsWith("payflow-platform"))
            .findFirst()
            .orElseThrow()
            .getData();
    String topology = platform.getOrDefault("REDIS_TOPOLOGY", "STANDALONE");

    assertThat(topology).as(overlay).isEqualTo(clusterDeployed ? "CLUSTER" : "STANDALONE");
    if (clusterDeployed) {
      assertThat(platform.get("REDIS_URI")).as(overlay + " seed").startsWith("redis://redis:");
    }
  }
}
