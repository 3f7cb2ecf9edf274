package com.payflow.transaction.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payflow.contracts.payment.TxId;
import java.util.Objects;

/** The body of {@code GET /api/v1/payments/{id}}; {@code reason} only for REJECTED. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PaymentStatusView(String transactionId, PaymentStatus status, String reason) {

  PaymentStatusView(TxId txId, PaymentStatus status, String reason) {
    this(txId.toString(), status, reason);
  }

  PaymentStatusView {
    Objects.requireNonNull(status, "status");
    if ((status == PaymentStatus.REJECTED) != (reason != null)) {
      throw new IllegalArgumentException(
          "a reason exactly for REJECTED, got " + status + " with " + reason);
    }
  }
}
