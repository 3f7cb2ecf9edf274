package com.payflow.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Payment intake: validates, holds funds in Redis, enqueues to Kafka, answers 202. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }
}
