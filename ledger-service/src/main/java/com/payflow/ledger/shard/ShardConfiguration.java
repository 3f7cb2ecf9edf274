package com.payflow.ledger.shard;

import com.payflow.ledger.system.ShardReadProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ShardConfiguration {

  @Bean(destroyMethod = "close")
  ShardReaders shardReaders(ShardReadProperties properties) {
    return new ShardReaders(properties);
  }
}
