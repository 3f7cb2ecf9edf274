package com.payflow.settlement;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Commits submitted payments to the sharded ledger, exactly once per transaction id. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SettlementApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(SettlementApplication.class, args);
  }
}
