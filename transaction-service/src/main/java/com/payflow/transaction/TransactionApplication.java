package com.payflow.transaction;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Read side: accounts and balances, the Redis projection the gateway relies on. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TransactionApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(TransactionApplication.class, args);
  }
}
