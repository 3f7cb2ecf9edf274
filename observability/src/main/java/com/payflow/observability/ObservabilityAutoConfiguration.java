package com.payflow.observability;

import com.payflow.redis.RedisSession;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * What every service gets by depending on this module: the bounded Kafka readiness check (component
 * {@code kafka}), the bounded Redis check where the service has a {@link RedisSession} bean
 * (component {@code redis}), the check bounds ({@link HealthCheckProperties}, also used by the
 * services' {@link DatabasesHealthIndicator}) and the request id on the consumer side of every
 * listener ({@link RequestIdInterceptors}).
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(HealthCheckProperties.class)
public class ObservabilityAutoConfiguration {

  @Bean(initMethod = "warmUp")
  @ConditionalOnBean(KafkaAdmin.class)
  @ConditionalOnEnabledHealthIndicator("kafka")
  KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, HealthCheckProperties properties) {
    return new KafkaHealthIndicator(admin.getConfigurationProperties(), properties.kafka());
  }

  @Bean(initMethod = "warmUp")
  @ConditionalOnBean(RedisSession.class)
  @ConditionalOnEnabledHealthIndicator("redis")
  RedisHealthIndicator redisHealthIndicator(RedisSession redis, HealthCheckProperties properties) {
    return new RedisHealthIndicator(redis, properties.redis());
  }

  @Bean
  @ConditionalOnMissingBean(RecordInterceptor.class)
  RequestIdInterceptors.Record requestIdRecordInterceptor() {
    return new RequestIdInterceptors.Record();
  }

  @Bean
  @ConditionalOnMissingBean(BatchInterceptor.class)
  RequestIdInterceptors.Batch requestIdBatchInterceptor() {
    return new RequestIdInterceptors.Batch();
  }
}
