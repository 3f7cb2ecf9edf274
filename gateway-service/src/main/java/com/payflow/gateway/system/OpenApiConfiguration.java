package com.payflow.gateway.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at /v3/api-docs and rendered by Swagger UI. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  private static final String API_KEY = "apiKey";

  @Bean
  OpenAPI paymentsApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("payflow payments API")
                .version("v1")
                .description(
                    "Submit payments: 202 once durably queued, 503 enqueue-failed when certainly"
                        + " not queued, 503 outcome-unknown when Kafka did not answer (retry with the same"
                        + " Idempotency-Key). The status URL GET /api/v1/payments/{id} is served by"
                        + " transaction-service. Errors are RFC 9457 problem+json with a stable type per kind; see "
                        + "docs/api.md."))
        .addServersItem(new Server().url("/").description("through Nginx"))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-Api-Key")))
        .addSecurityItem(new SecurityRequirement().addList(API_KEY));
  }
}
