package com.payflow.gateway.payment;

import com.payflow.contracts.payment.TxId;

/** The exact 202 body; built once and stored so replays are byte-identical. */
final class AcceptedBody {

  private AcceptedBody() {}

  static String json(TxId txId) {
    // Only UUID characters are interpolated, so no escaping is needed.
    return "{\"transactionId\":\""
        + txId
        + "\",\"status\":\"ACCEPTED\",\"statusUrl\":\""
        + PaymentSubmissionServlet.statusPath(txId)
        + "\"}";
  }
}
