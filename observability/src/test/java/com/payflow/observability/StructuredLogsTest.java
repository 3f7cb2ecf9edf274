package com.payflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * What docs/operations.md promises about the logs: with {@code logging.structured.format.console} =
 * ecs (Kubernetes sets it through LOGGING_STRUCTURED_FORMAT_CONSOLE) each line is one JSON object
 * and a trail line carries its payment's request id as the field {@code requestId}.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

  @Configuration(proxyBeanMethods = false)
  static class Empty {}

  @Test
  void ecsLines_carryTheRequestIdAsAField(CapturedOutput output) {
    String requestId = "it-" + UUID.randomUUID();
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(Empty.class)
            .web(WebApplicationType.NONE)
            .run(
                "--spring.application.name=structured-logs-test",
                "--logging.structured.format.console=ecs",
                "--logging.level." + PaymentTrail.LOGGER + "=info")) {
      PaymentTrail.step(requestId, "outcome of {}: {}", "tx-1", "SETTLED");
    }
    String line =
        output
            .getOut()
            .lines()
            .filter(candidate -> candidate.contains(requestId))
            .findFirst()
            .orElseThrow();
    assertThat(line)
        .startsWith("{")
        .contains("\"requestId\":\"" + requestId + "\"")
        .contains("\"message\":\"outcome of tx-1: SETTLED\"")
        .contains("\"logger\":\"" + PaymentTrail.LOGGER + "\"")
        .contains("structured-logs-test");
  }
}
