package com.payflow.transaction.system;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  @Bean(destroyMethod = "shutdown")
  RedisClient redisClient(TransactionProperties properties) {
    return RedisClient.create(RedisURI.create(properties.redisUri()));
  }

  @Bean(destroyMethod = "close")
  StatefulRedisConnection<String, String> redisConnection(
      RedisClient client, TransactionProperties properties) {
    StatefulRedisConnection<String, String> connection = client.connect();
    connection.setTimeout(Duration.ofMillis(properties.redisTimeoutMs()));
    return connection;
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
