package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.gateway.system.GatewayProperties;
import com.payflow.redis.RedisSession;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class IntakeAdmissionTest {

  private final Bulkhead bulkhead =
      Bulkhead.of(
          "intake-test",
          BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());
  private final IntakeAdmission admission =
      new IntakeAdmission(
          bulkhead,
          new GatewayProperties(
              RedisSession.Topology.STANDALONE,
              "redis://127.0.0.1:6379",
              1000,
              1000,
              "payments.submitted",
              3000,
              3600,
              3600,
              30_000,
              1,
              7,
              1000,
              50,
              "ready",
              10,
              1000,
              10,
              100,
              100,
              200,
              5),
          JsonMapper.builder().build());

  @Test
  void admitsWhileAPermitIsFree_andTakesItUntilReleased() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();

    assertThat(admission.admit(response)).isTrue();
    assertThat(response.getContentLength()).isZero();
    assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isZero();

    admission.release();
    assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void refusesAt503WithRetryAfter_whenNoPermitIsFree() throws Exception {
    assertThat(bulkhead.tryAcquirePermission()).isTrue();
    MockHttpServletResponse response = new MockHttpServletResponse();

    assertThat(admission.admit(response)).isFalse();

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("7");
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString())
        .contains("\"status\":503")
        .contains("https://payflow.dev/problems/temporarily-unavailable")
        .contains("payflow.gateway.max-in-flight")
        .contains("\"instance\":\"/api/v1/payments\"");
    assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isZero();
  }
}
