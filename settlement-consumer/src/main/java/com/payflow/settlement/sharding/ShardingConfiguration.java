package com.payflow.settlement.sharding;

import com.payflow.contracts.routing.ShardRouter;
import com.payflow.observability.DatabasesHealthIndicator;
import com.payflow.observability.HealthCheckProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ShardingConfiguration {

  @Bean(destroyMethod = "close")
  ShardDataSources shardDataSources(ShardProperties properties) {
    return new ShardDataSources(properties);
  }

  /** Readiness: every shard pool lends a valid connection (component {@code databases}). */
  @Bean
  DatabasesHealthIndicator databasesHealthIndicator(
      ShardDataSources shards, HealthCheckProperties health) {
    return new DatabasesHealthIndicator(
        DatabasesHealthIndicator.shards(shards.count(), shards::shard), health.databases());
  }

  @Bean
  ShardRouter shardRouter(ShardProperties properties) {
    return ShardRouter.fromSpec(properties.bucketTable(), properties.count());
  }
}
