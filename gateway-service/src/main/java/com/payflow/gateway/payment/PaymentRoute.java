package com.payflow.gateway.payment;

import com.payflow.gateway.client.ApiKeyAuthentication;
import com.payflow.gateway.client.ClientRateLimits;
import com.payflow.gateway.system.GatewayProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mounts {@link PaymentSubmissionServlet} on its exact path, which the servlet container prefers to
 * the dispatcher's {@code /}: every other path (actuator, API docs, 404s) stays with Spring MVC.
 */
@Configuration(proxyBeanMethods = false)
class PaymentRoute {

  @Bean
  ServletRegistrationBean<PaymentSubmissionServlet> paymentSubmission(
      Bulkhead intakeBulkhead,
      ApiKeyAuthentication authentication,
      ClientRateLimits rateLimits,
      PaymentIntake intake,
      MeterRegistry meters,
      JsonMapper json,
      GatewayProperties properties) {
    PaymentSubmissionServlet servlet =
        new PaymentSubmissionServlet(
            new IntakeAdmission(intakeBulkhead, properties, json),
            authentication,
            rateLimits,
            intake,
            new IntakeMetrics(meters),
            json,
            properties.retryAfterSeconds());
    ServletRegistrationBean<PaymentSubmissionServlet> registration =
        new ServletRegistrationBean<>(servlet, PaymentSubmissionServlet.PATH);
    registration.setName("paymentSubmission");
    registration.setLoadOnStartup(1);
    return registration;
  }
}
