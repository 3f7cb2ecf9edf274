package com.payflow.transaction.system;

import com.payflow.redis.RedisSession;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  /** Standalone or cluster by configuration (payflow.transaction.redis-topology). */
  @Bean(destroyMethod = "close")
  RedisSession redisSession(TransactionProperties properties) {
    return RedisSession.create(properties.redisSettings());
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
