package com.payflow.gateway.payment;

import com.payflow.gateway.system.ApiProblem;
import com.payflow.gateway.system.GatewayProperties;
import com.payflow.gateway.system.Problems;
import io.github.resilience4j.bulkhead.Bulkhead;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admission at the door: a payment submission takes one of the intake bulkhead's permits before
 * anything else is done for it (body parsing, authentication, Redis, Kafka) and is answered 503 at
 * once, with a body rendered once at start and without a log line, when none is free. Refusing late
 * cost a full parse, a problem rendering and a WARN line per request; under a flood those refusals
 * took the CPU away from the payments that had been admitted (profile in
 * docs/benchmarks/README.md).
 */
final class IntakeAdmission {

  private final Bulkhead bulkhead;
  private final byte[] refusal;
  private final String retryAfter;

  IntakeAdmission(Bulkhead intakeBulkhead, GatewayProperties properties, JsonMapper json) {
    this.bulkhead = intakeBulkhead;
    this.retryAfter = Long.toString(properties.retryAfterSeconds());
    this.refusal =
        json.writeValueAsBytes(
            Problems.body(
                new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "temporarily-unavailable",
                    "Temporarily unavailable",
                    "this request was not accepted and queued nothing: the gateway is at its in-flight"
                        + " limit (payflow.gateway.max-in-flight); retry later with the same"
                        + " Idempotency-Key",
                    Map.of(),
                    properties.retryAfterSeconds()),
                PaymentSubmissionServlet.PATH));
  }

  /**
   * Takes a permit, or answers the 503 and returns false. A true answer must be followed by {@link
   * #release()}.
   */
  boolean admit(HttpServletResponse response) throws IOException {
    if (bulkhead.tryAcquirePermission()) {
      return true;
    }
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setContentLength(refusal.length);
    response.getOutputStream().write(refusal);
    return false;
  }

  void release() {
    bulkhead.onComplete();
  }
}
