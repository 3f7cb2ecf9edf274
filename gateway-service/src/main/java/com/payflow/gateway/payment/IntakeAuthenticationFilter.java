package com.payflow.gateway.payment;

import com.payflow.contracts.account.ClientId;
import com.payflow.gateway.client.ApiKeyAuthentication;
import com.payflow.gateway.client.ClientRateLimits;
import com.payflow.gateway.system.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Who is paying, decided before anything is read from the body: a submission without a valid
 * API key is answered 401 without parsing or validating its body (so an anonymous caller learns
 * nothing about the validation and costs no parse), then the client's rate limit applies, then
 * the request must carry at most one Idempotency-Key (which of two would count is undefined).
 * Problems are rendered by the same handlers as the controller's ({@code ProblemResponses}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class IntakeAuthenticationFilter extends OncePerRequestFilter {

  /** Request attribute holding the authenticated {@link ClientId}. */
  static final String CLIENT_ATTRIBUTE = IntakeAuthenticationFilter.class.getName() + ".client";

  /** Header naming the payment's idempotency key. */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final ApiKeyAuthentication authentication;
  private final ClientRateLimits rateLimits;
  private final HandlerExceptionResolver problems;

  IntakeAuthenticationFilter(ApiKeyAuthentication authentication, ClientRateLimits rateLimits,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
    this.authentication = authentication;
    this.rateLimits = rateLimits;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod())
        && PaymentController.PATH.equals(request.getRequestURI()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    try {
      ClientId client = authentication.authenticate(request);
      rateLimits.acquire(client);
      requireAtMostOneIdempotencyKey(request);
      request.setAttribute(CLIENT_ATTRIBUTE, client);
    } catch (RuntimeException refused) {
      problems.resolveException(request, response, null, refused);
      return;
    }
    chain.doFilter(request, response);
  }

  private static void requireAtMostOneIdempotencyKey(HttpServletRequest request) {
    List<String> keys = Collections.list(request.getHeaders(IDEMPOTENCY_KEY));
    if (keys.size() > 1) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "ambiguous-idempotency-key",
          "More than one Idempotency-Key", "send exactly one Idempotency-Key header; this"
              + " request carried " + keys.size() + " and nothing was done");
    }
  }
}
