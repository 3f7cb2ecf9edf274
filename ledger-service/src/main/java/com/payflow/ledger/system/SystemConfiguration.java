package com.payflow.ledger.system;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The injected clock (tests control time) and scheduling for the block producer. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
