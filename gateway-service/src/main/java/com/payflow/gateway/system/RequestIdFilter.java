package com.payflow.gateway.system;

import com.payflow.observability.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts Nginx's {@code X-Request-Id} (or a new one when called directly) into the logging context,
 * so every log line of a request can be joined with the Nginx access log; the submission publisher
 * carries it on in the Kafka record ({@link RequestIds}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

  static final String HEADER = RequestIds.HEADER;
  private static final String MDC_KEY = RequestIds.MDC_KEY;

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // Bounded and plain, so a client cannot inject log lines or huge values.
    String incoming = RequestIds.sanitize(request.getHeader(HEADER));
    String requestId = incoming != null ? incoming : UUID.randomUUID().toString();
    MDC.put(MDC_KEY, requestId);
    response.setHeader(HEADER, requestId);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }
}
