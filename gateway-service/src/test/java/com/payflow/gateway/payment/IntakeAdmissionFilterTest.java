package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.gateway.system.GatewayProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class IntakeAdmissionFilterTest {

  private final Bulkhead bulkhead = Bulkhead.of("intake-test", BulkheadConfig.custom()
      .maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());
  private final IntakeAdmissionFilter filter = new IntakeAdmissionFilter(bulkhead,
      new GatewayProperties("redis://127.0.0.1:6379", 1000, "payments.submitted", 3000, 3600,
          30_000, 1, 7, 1000, "ready", 10, 1000, 10, 100, 100, 200, 5));
  private final AtomicInteger passedOn = new AtomicInteger();

  @Test
  void admitsWhileAPermitIsFree_andGivesItBack() throws Exception {
    MockHttpServletResponse response = submit();

    assertThat(passedOn).hasValue(1);
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void refusesAt503WithRetryAfter_whenNoPermitIsFree_withoutTouchingTheRequest()
      throws Exception {
    assertThat(bulkhead.tryAcquirePermission()).isTrue();

    MockHttpServletResponse response = submit();

    assertThat(passedOn).hasValue(0);
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("7");
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString()).contains("\"status\":503")
        .contains("https://payflow.dev/problems/temporarily-unavailable")
        .contains("payflow.gateway.max-in-flight");
  }

  @Test
  void givesThePermitBack_whenTheRequestFails() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/payments");
    assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(),
        (req, res) -> {
          throw new ServletException("boom");
        })).isInstanceOf(ServletException.class);
    assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void otherRequestsAreNotCounted() throws Exception {
    assertThat(bulkhead.tryAcquirePermission()).isTrue();
    MockHttpServletResponse response = new MockHttpServletResponse();

    filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/payments/x"), response,
        (req, res) -> passedOn.incrementAndGet());

    assertThat(passedOn).hasValue(1);
    assertThat(response.getStatus()).isEqualTo(200);
  }

  private MockHttpServletResponse submit() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/payments"), response,
        (req, res) -> passedOn.incrementAndGet());
    return response;
  }
}
