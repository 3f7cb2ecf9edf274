package com.payflow.gateway.payment;

import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/payments}: submit a payment. The status URL it answers,
 * {@code GET /api/v1/payments/{id}}, is served by transaction-service, which can fall back to
 * the shards when Redis lost the status (ADR 0013).
 */
@RestController
class PaymentController {

  /** The submission route. */
  static final String PATH = "/api/v1/payments";

  private final PaymentIntake intake;

  PaymentController(PaymentIntake intake) {
    this.intake = intake;
  }

  static String statusPath(TxId txId) {
    return PATH + "/" + txId;
  }

  /** Submits a payment; 202 once it is durably queued. Authenticated by the filter before. */
  @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> submit(HttpServletRequest http,
      @RequestHeader(name = IntakeAuthenticationFilter.IDEMPOTENCY_KEY, required = false)
      String idempotencyKey,
      @RequestBody PaymentRequest request) {
    ClientId client = (ClientId) http.getAttribute(IntakeAuthenticationFilter.CLIENT_ATTRIBUTE);
    if (client == null) {
      throw new IllegalStateException("IntakeAuthenticationFilter did not run for " + PATH);
    }
    PaymentIntake.Answer answer = intake.submit(client, idempotencyKey, request);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.httpStatus())
        .contentType(MediaType.APPLICATION_JSON)
        .location(URI.create(statusPath(answer.txId())));
    if (answer.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.body(answer.body());
  }
}
