package com.payflow.settlement.sharding;

import com.payflow.contracts.routing.ShardRouter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ShardingConfiguration {

  @Bean(destroyMethod = "close")
  ShardDataSources shardDataSources(ShardProperties properties) {
    return new ShardDataSources(properties);
  }

  @Bean
  ShardRouter shardRouter(ShardProperties properties) {
    return ShardRouter.fromSpec(properties.bucketTable(), properties.count());
  }
}
