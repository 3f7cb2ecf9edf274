package com.payflow.transaction.shard;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The DataSource bean behind JPA: routing over the shard pools. Because a DataSource bean exists,
 * Boot's DataSourceAutoConfiguration backs off (no single pool from {@code spring.datasource.*});
 * HibernateJpaAutoConfiguration builds one EntityManagerFactory on it. Hibernate never touches JDBC
 * at start (see {@code spring.jpa} in application.yml), because no shard is selected then.
 */
@Configuration(proxyBeanMethods = false)
class ShardJpaConfiguration {

  @Bean
  DataSource dataSource(Shards shards) {
    return new ShardRoutingDataSource(shards);
  }
}
