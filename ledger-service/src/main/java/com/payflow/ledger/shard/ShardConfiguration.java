package com.payflow.ledger.shard;

import com.payflow.ledger.system.ShardReadProperties;
import com.payflow.observability.DatabasesHealthIndicator;
import com.payflow.observability.HealthCheckProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ShardConfiguration {

  @Bean(destroyMethod = "close")
  ShardReaders shardReaders(ShardReadProperties properties) {
    return new ShardReaders(properties);
  }

  /**
   * Readiness: the ledger's own database and every shard lend a valid connection (health component
   * {@code databases}; it replaces Boot's unbounded {@code db} check, turned off in
   * application.yml).
   */
  @Bean
  DatabasesHealthIndicator databasesHealthIndicator(
      DataSource ledgerDatabase, ShardReaders shards, HealthCheckProperties health) {
    Map<String, DataSource> databases = new LinkedHashMap<>();
    databases.put("ledger", ledgerDatabase);
    databases.putAll(DatabasesHealthIndicator.shards(shards.count(), shards::shard));
    return new DatabasesHealthIndicator(databases, health.databases());
  }
}
