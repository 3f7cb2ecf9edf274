package com.payflow.client;

import com.payflow.contracts.payment.TxId;

/** Where a payment stands (GET /api/v1/payments/{id}, docs/api.md). */
public sealed interface PaymentState {

  TxId txId();

  /** Not decided yet: ACCEPTED (queued) or OUTCOME_UNKNOWN (resume the submission). */
  record Pending(TxId txId, String status) implements PaymentState {}

  /** The payer was debited; the credit follows on the payee's shard. */
  record Settled(TxId txId) implements PaymentState {}

  /** Settlement refused it; nothing moved. {@code reason} e.g. INSUFFICIENT_FUNDS. */
  record Rejected(TxId txId, String reason) implements PaymentState {}
}
