package com.payflow.gateway.payment;

import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import com.payflow.gateway.client.ApiKeyAuthentication;
import com.payflow.gateway.client.ClientRateLimits;
import com.payflow.gateway.system.ApiProblem;
import com.payflow.gateway.system.Problems;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/payments}: submit a payment; 202 once it is durably queued. The status URL it
 * answers, {@code GET /api/v1/payments/{id}}, is served by transaction-service, which can fall back
 * to the shards when Redis lost the status (ADR 0013).
 *
 * <p>A plain servlet, not a Spring MVC controller: this one route carries the load, and in a
 * profile under load the dispatcher, argument resolution, content negotiation, message converters
 * and the observation filter took more CPU than the intake itself (issue 15,
 * docs/benchmarks/README.md). It keeps MVC's contract for the route: the same answers, the same
 * problem+json ({@link Problems}), the same {@code http.server.requests} timer.
 *
 * <p>Order, each step before the next costs anything: admission (in-flight limit), who is paying
 * (401 reveals nothing about the body), the client's rate limit, exactly one Idempotency-Key, then
 * content type, parse, validation and the intake.
 */
final class PaymentSubmissionServlet extends HttpServlet {

  /** The submission route. */
  static final String PATH = "/api/v1/payments";

  /** Header naming the payment's idempotency key. */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final transient IntakeAdmission admission;
  private final transient ApiKeyAuthentication authentication;
  private final transient ClientRateLimits rateLimits;
  private final transient PaymentRequestReader reader;
  private final transient PaymentIntake intake;
  private final transient IntakeMetrics metrics;
  private final transient JsonMapper json;
  private final long retryAfterSeconds;

  PaymentSubmissionServlet(
      IntakeAdmission admission,
      ApiKeyAuthentication authentication,
      ClientRateLimits rateLimits,
      PaymentIntake intake,
      IntakeMetrics metrics,
      JsonMapper json,
      long retryAfterSeconds) {
    this.admission = admission;
    this.authentication = authentication;
    this.rateLimits = rateLimits;
    this.reader = new PaymentRequestReader(json);
    this.intake = intake;
    this.metrics = metrics;
    this.json = json;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static String statusPath(TxId txId) {
    return PATH + "/" + txId;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long started = System.nanoTime();
    int status;
    if (!"POST".equals(request.getMethod())) {
      response.setHeader(HttpHeaders.ALLOW, "POST");
      status = answer(request, response, ApiProblem.methodNotAllowed(request.getMethod()));
    } else if (!admission.admit(response)) {
      status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
    } else {
      try {
        status = submit(request, response);
      } finally {
        admission.release();
      }
    }
    metrics.record(request.getMethod(), status, System.nanoTime() - started);
  }

  private int submit(HttpServletRequest request, HttpServletResponse response) throws IOException {
    PaymentIntake.Answer answer;
    try {
      ClientId client = authentication.authenticate(request);
      rateLimits.acquire(client);
      String key = onlyIdempotencyKey(request);
      answer = intake.submit(client, key, reader.read(request));
    } catch (RuntimeException refused) {
      return answer(request, response, Problems.of(refused, retryAfterSeconds));
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setStatus(answer.httpStatus());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setHeader(HttpHeaders.LOCATION, statusPath(answer.txId()));
    if (answer.replayed()) {
      response.setHeader("Idempotent-Replayed", "true");
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    return answer.httpStatus();
  }

  /** The one Idempotency-Key (null when absent: the intake refuses it); two are ambiguous. */
  private static String onlyIdempotencyKey(HttpServletRequest request) {
    List<String> keys = Collections.list(request.getHeaders(IDEMPOTENCY_KEY));
    if (keys.size() > 1) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "ambiguous-idempotency-key",
          "More than one Idempotency-Key",
          "send exactly one Idempotency-Key header; this"
              + " request carried "
              + keys.size()
              + " and nothing was done");
    }
    return keys.isEmpty() ? null : keys.getFirst();
  }

  private int answer(HttpServletRequest request, HttpServletResponse response, ApiProblem problem)
      throws IOException {
    byte[] body = json.writeValueAsBytes(Problems.body(problem, request.getRequestURI()));
    response.setStatus(problem.status().value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (problem.retryAfterSeconds() != null) {
      response.setHeader(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds().toString());
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    return problem.status().value();
  }
}
