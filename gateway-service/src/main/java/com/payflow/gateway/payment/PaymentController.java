package com.payflow.gateway.payment;

import com.payflow.contracts.payment.TxId;
import com.payflow.gateway.balance.BalanceHolds;
import com.payflow.gateway.client.ApiKeyAuthentication;
import com.payflow.gateway.client.ClientRateLimits;
import com.payflow.gateway.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/payments}: submit a payment, read its status. */
@RestController
@RequestMapping("/api/v1/payments")
class PaymentController {

  private static final String BASE_PATH = "/api/v1/payments/";

  private final PaymentIntake intake;
  private final BalanceHolds holds;
  private final ApiKeyAuthentication authentication;
  private final ClientRateLimits rateLimits;

  PaymentController(PaymentIntake intake, BalanceHolds holds,
      ApiKeyAuthentication authentication, ClientRateLimits rateLimits) {
    this.intake = intake;
    this.holds = holds;
    this.authentication = authentication;
    this.rateLimits = rateLimits;
  }

  static String statusPath(TxId txId) {
    return BASE_PATH + txId;
  }

  /** Submits a payment; 202 once it is durably queued. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> submit(HttpServletRequest http,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestBody PaymentRequest request) {
    var client = authentication.authenticate(http);
    rateLimits.acquire(client);
    PaymentIntake.Answer answer = intake.submit(client, idempotencyKey, request);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .location(URI.create(statusPath(answer.txId())));
    if (answer.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.body(answer.body());
  }

  /** The status of a payment: ACCEPTED, SETTLED or REJECTED (+ reason). */
  @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> status(HttpServletRequest http, @PathVariable("id") String id) {
    var client = authentication.authenticate(http);
    rateLimits.acquire(client);
    TxId txId;
    try {
      txId = TxId.parse(id);
    } catch (IllegalArgumentException notAnId) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
          "payment id must be a UUID");
    }
    Map<String, String> status = holds.status(txId);
    // Another client's payment answers exactly like an unknown one: no existence oracle.
    if (status.isEmpty()
        || !client.value().equals(status.get(BalanceHolds.STATUS_CLIENT_FIELD))) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found",
          "no payment " + id);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("transactionId", txId.toString());
    body.put("status", status.get("status"));
    if (status.containsKey("reason")) {
      body.put("reason", status.get("reason"));
    }
    return body;
  }
}
