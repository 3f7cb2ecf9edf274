package com.payflow.transaction.payment;

import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.client.ApiAccess;
import com.payflow.transaction.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/payments/{id}}: the status URL of every 202 (and of funding). The submitting
 * client and the operator may read it; everyone else gets the same 404 as for an unknown id.
 */
@RestController
class PaymentStatusController {

  private final ApiAccess access;
  private final PaymentStatuses statuses;

  PaymentStatusController(ApiAccess access, PaymentStatuses statuses) {
    this.access = access;
    this.statuses = statuses;
  }

  @GetMapping("/api/v1/payments/{id}")
  PaymentStatusView status(HttpServletRequest http, @PathVariable String id) {
    var caller = access.caller(http);
    TxId txId;
    try {
      txId = TxId.parse(id);
    } catch (IllegalArgumentException notAnId) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "invalid-parameter",
          "payment id must be a UUID in canonical form");
    }
    return statuses.statusOf(caller, txId);
  }
}
