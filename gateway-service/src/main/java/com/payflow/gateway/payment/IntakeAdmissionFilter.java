package com.payflow.gateway.payment;

import com.payflow.gateway.system.ApiProblem;
import com.payflow.gateway.system.GatewayProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission at the door: a payment submission takes one of the intake bulkhead's permits before
 * anything else is done for it (body parsing, authentication, Redis, Kafka) and is answered 503
 * at once, without a log line, when none is free. Refusing late cost a full parse, a problem
 * rendering and a WARN line per request; under a flood those refusals took the CPU away from
 * the payments that had been admitted (profile in docs/benchmarks/README.md).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class IntakeAdmissionFilter extends OncePerRequestFilter {

  private final Bulkhead bulkhead;
  private final byte[] refusal;
  private final String retryAfter;

  IntakeAdmissionFilter(Bulkhead intakeBulkhead, GatewayProperties properties) {
    this.bulkhead = intakeBulkhead;
    this.retryAfter = Long.toString(properties.retryAfterSeconds());
    this.refusal = ("{\"type\":\"" + ApiProblem.TYPE_BASE + "temporarily-unavailable\","
        + "\"title\":\"Temporarily unavailable\",\"status\":503,\"detail\":\"this request was"
        + " not accepted and queued nothing: the gateway is at its in-flight limit (payflow.gateway.max-in-flight);"
        + " retry later with the same Idempotency-Key\",\"instance\":\"" + PaymentController.PATH + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod()) && PaymentController.PATH.equals(request.getRequestURI()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    if (!bulkhead.tryAcquirePermission()) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setContentLength(refusal.length);
      response.getOutputStream().write(refusal);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      bulkhead.onComplete();
    }
  }
}
