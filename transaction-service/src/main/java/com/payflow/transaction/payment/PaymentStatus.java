package com.payflow.transaction.payment;

/** What {@code GET /api/v1/payments/{id}} may answer about an existing payment. */
enum PaymentStatus {
  /** Kafka acknowledged the submission (202); settlement has not decided yet. */
  ACCEPTED,
  /** The gateway could not learn whether Kafka took it: retry the POST with the same key. */
  OUTCOME_UNKNOWN,
  /** The payer was debited. */
  SETTLED,
  /** Settlement refused it; nothing moved. */
  REJECTED
}
