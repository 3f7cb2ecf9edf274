package com.payflow.ledger.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Topics of the ledger service. */
@ConfigurationProperties("payflow.ledger")
public record LedgerProperties(String batchesTopic) {

  /** Validates the configuration. */
  public LedgerProperties {
    if (batchesTopic == null || batchesTopic.isBlank()) {
      throw new IllegalArgumentException("payflow.ledger.batches-topic must be set");
    }
  }
}
