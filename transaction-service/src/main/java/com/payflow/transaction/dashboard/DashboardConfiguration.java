package com.payflow.transaction.dashboard;

import com.payflow.redis.RedisSession;
import com.payflow.transaction.reconciliation.Reconciliation;
import com.payflow.transaction.shard.Shards;
import com.payflow.transaction.system.TransactionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the dashboard (docs/dashboard.md): collectors, the stream, the login filter and the
 * front-end libraries under {@code /dashboard/webjars/} (everything under {@code /dashboard}, the
 * only prefix Nginx routes here besides the APIs). Off with {@code
 * payflow.dashboard.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "payflow.dashboard.enabled",
    havingValue = "true",
    matchIfMissing = true)
class DashboardConfiguration implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/dashboard/webjars/**")
        .addResourceLocations("classpath:/META-INF/resources/webjars/")
        .resourceChain(true)
        .addResolver(new LiteWebJarsResourceResolver());
  }

  @Bean(destroyMethod = "close")
  Loops dashboardLoops(DashboardProperties properties) {
    return new Loops(properties.idleIntervalMs());
  }

  @Bean
  SecondSeries dashboardSeries(DashboardProperties properties) {
    return new SecondSeries(properties.historySeconds());
  }

  @Bean
  RecentPayments dashboardRecentPayments(DashboardProperties properties) {
    return new RecentPayments(properties.recentSize());
  }

  @Bean
  ShardMonitor dashboardShardMonitor(
      Shards shards,
      DashboardProperties properties,
      SecondSeries series,
      RecentPayments recent,
      MeterRegistry meters,
      Clock clock) {
    return new ShardMonitor(shards, properties, series, recent, meters, clock);
  }

  @Bean(destroyMethod = "close")
  KafkaMonitor dashboardKafkaMonitor(
      KafkaAdmin admin,
      DashboardProperties properties,
      SecondSeries series,
      MeterRegistry meters,
      Clock clock) {
    return new KafkaMonitor(admin.getConfigurationProperties(), properties, series, meters, clock);
  }

  @Bean
  ServiceProbe dashboardServiceProbe(
      DashboardProperties properties,
      RedisSession redis,
      SecondSeries series,
      JsonMapper json,
      Clock clock) {
    return new ServiceProbe(properties, redis, series, json, clock);
  }

  @Bean
  OperatorActions dashboardOperatorActions(
      DashboardProperties properties, JsonMapper json, Clock clock) {
    return new OperatorActions(properties, json, clock);
  }

  @Bean
  PaymentDetails dashboardPaymentDetails(
      Shards shards, DashboardProperties properties, JsonMapper json) {
    return new PaymentDetails(shards, properties, json);
  }

  @Bean(destroyMethod = "close")
  DashboardStream dashboardStream(
      DashboardProperties properties,
      SecondSeries series,
      RecentPayments recent,
      ShardMonitor shards,
      KafkaMonitor kafka,
      ServiceProbe probe,
      OperatorActions actions,
      Reconciliation reconciliation,
      Loops loops,
      JsonMapper json,
      Clock clock) {
    return new DashboardStream(
        properties,
        series,
        recent,
        shards,
        kafka,
        probe,
        actions,
        reconciliation,
        loops,
        json,
        clock);
  }

  @Bean
  DashboardSession dashboardSession(
      DashboardProperties properties, TransactionProperties transaction) {
    return new DashboardSession(properties.sessionSecret(), transaction.operatorKeySha256());
  }

  @Bean
  FilterRegistrationBean<DashboardLoginFilter> dashboardLoginFilter(
      DashboardSession session, Clock clock) {
    FilterRegistrationBean<DashboardLoginFilter> registration =
        new FilterRegistrationBean<>(new DashboardLoginFilter(session, clock));
    registration.addUrlPatterns("/dashboard", "/dashboard/*");
    registration.setName("dashboardLoginFilter");
    return registration;
  }

  /** Collectors start once the application is ready (the shards' pools exist then). */
  @Bean
  DashboardStarter dashboardStarter(
      Loops loops,
      ShardMonitor shards,
      KafkaMonitor kafka,
      ServiceProbe probe,
      DashboardStream stream) {
    return new DashboardStarter(loops, shards, kafka, probe, stream);
  }

  /** Starts the loops at {@link ApplicationReadyEvent}. */
  static final class DashboardStarter {
    private final Loops loops;
    private final ShardMonitor shards;
    private final KafkaMonitor kafka;
    private final ServiceProbe probe;
    private final DashboardStream stream;

    DashboardStarter(
        Loops loops,
        ShardMonitor shards,
        KafkaMonitor kafka,
        ServiceProbe probe,
        DashboardStream stream) {
      this.loops = loops;
      this.shards = shards;
      this.kafka = kafka;
      this.probe = probe;
      this.stream = stream;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
      shards.start(loops);
      kafka.start(loops);
      probe.start(loops);
      stream.start();
    }

    /** Destroyed before the collectors it depends on: stop their threads first. */
    @jakarta.annotation.PreDestroy
    public void stop() {
      loops.close();
    }
  }
}
