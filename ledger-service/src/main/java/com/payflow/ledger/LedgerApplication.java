package com.payflow.ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The ledger chain: sealed batches of every shard, in one total order. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(LedgerApplication.class, args);
  }
}
