package com.payflow.transaction;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Read side: accounts and balances, history and transaction queries, the Redis projection the
 * gateway relies on, its rebuild and reconciliation.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TransactionApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(TransactionApplication.class, args);
  }
}
