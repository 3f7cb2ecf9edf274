package com.payflow.gateway.balance;

import com.payflow.gateway.system.GatewayProperties;
import com.payflow.redis.RedisSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

  /** Standalone or cluster by configuration; connected on first use (RedisConnection). */
  @Bean(destroyMethod = "close")
  RedisSession redisSession(GatewayProperties properties) {
    return RedisSession.create(properties.redisSettings());
  }
}
