package com.payflow.settlement.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Topics and bounds of the settlement pipeline. */
@ConfigurationProperties("payflow.settlement")
public record SettlementProperties(
    String submittedTopic,
    String creditsTopic,
    String outcomesTopic,
    String batchesTopic,
    long publishTimeoutMs,
    long retryInitialMs,
    long retryMaxMs,
    int maxReplayRecords,
    String operatorKeySha256) {

  /** Validates every bound, naming the property to change. */
  public SettlementProperties {
    requireTopic("submitted-topic", submittedTopic);
    requireTopic("credits-topic", creditsTopic);
    requireTopic("outcomes-topic", outcomesTopic);
    requireTopic("batches-topic", batchesTopic);
    if (publishTimeoutMs < 100 || publishTimeoutMs > 120_000) {
      throw new IllegalArgumentException(
          "payflow.settlement.publish-timeout-ms must be 100..120000, was " + publishTimeoutMs);
    }
    if (retryInitialMs < 10 || retryMaxMs < retryInitialMs || retryMaxMs > 60_000) {
      throw new IllegalArgumentException(
          "payflow.settlement.retry-initial-ms (>=10) and "
              + "retry-max-ms (initial..60000) out of range: "
              + retryInitialMs
              + ", "
              + retryMaxMs);
    }
    requireReplay(maxReplayRecords, operatorKeySha256);
  }

  /** Validates the remaining bounds. */
  private static void requireReplay(int maxReplayRecords, String operatorKeySha256) {
    if (maxReplayRecords < 1 || maxReplayRecords > 100_000) {
      throw new IllegalArgumentException(
          "payflow.settlement.max-replay-records must be 1..100000, was " + maxReplayRecords);
    }
    if (operatorKeySha256 == null || !operatorKeySha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "payflow.settlement.operator-key-sha256 must be the "
              + "SHA-256 hex of the operator API key (set PAYFLOW_OPERATOR_KEY_SHA256)");
    }
  }

  private static void requireTopic(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("payflow.settlement." + name + " must be set");
    }
  }
}
