package com.payflow.transaction.shard;

import com.payflow.observability.DatabasesHealthIndicator;
import com.payflow.observability.HealthCheckProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Readiness: every shard pool lends a valid connection (health component {@code databases}). */
@Configuration(proxyBeanMethods = false)
class ShardHealthConfiguration {

  @Bean
  DatabasesHealthIndicator databasesHealthIndicator(Shards shards, HealthCheckProperties health) {
    return new DatabasesHealthIndicator(
        DatabasesHealthIndicator.shards(shards.count(), shards::dataSource), health.databases());
  }
}
