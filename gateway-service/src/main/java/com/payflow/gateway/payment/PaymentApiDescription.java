package com.payflow.gateway.payment;

import com.payflow.web.problem.ProblemTypes;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The submission route in the OpenAPI description: springdoc documents MVC controllers only, and
 * the route is a servlet ({@link PaymentSubmissionServlet}). The answers are those of docs/api.md.
 */
@Configuration(proxyBeanMethods = false)
class PaymentApiDescription {

  private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
  private static final String PROBLEM =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  @Bean
  OpenApiCustomizer paymentSubmissionOperation() {
    return openApi -> {
      if (openApi.getComponents() == null) {
        openApi.components(new Components());
      }
      openApi.getComponents().addSchemas("Problem", problemSchema());
      ModelConverters.getInstance()
          .readAll(PaymentRequest.class)
          .forEach(openApi.getComponents()::addSchemas);
      openApi.path(
          PaymentSubmissionServlet.PATH,
          new PathItem()
              .post(
                  new Operation()
                      .operationId("submitPayment")
                      .summary("Submit a payment; 202 once it is durably queued")
                      .addParametersItem(
                          new HeaderParameter()
                              .name(PaymentSubmissionServlet.IDEMPOTENCY_KEY)
                              .required(true)
                              .description("one per payment; a retry sends the same key")
                              .schema(
                                  new StringSchema()
                                      .maxLength(PaymentValidation.MAX_IDEMPOTENCY_KEY_LENGTH)))
                      .requestBody(
                          new RequestBody()
                              .required(true)
                              .content(
                                  new Content()
                                      .addMediaType(
                                          JSON,
                                          new MediaType()
                                              .schema(
                                                  new Schema<>()
                                                      .$ref(
                                                          "#/components/schemas/"
                                                              + PaymentRequest.class
                                                                  .getSimpleName())))))
                      .responses(
                          new ApiResponses()
                              .addApiResponse(
                                  "202",
                                  answer(
                                      "accepted: durably queued; Location is the status URL", JSON))
                              .addApiResponse(
                                  "400",
                                  problem(
                                      "malformed body or Idempotency-Key",
                                      "malformed-request",
                                      "missing-idempotency-key",
                                      "invalid-idempotency-key",
                                      "ambiguous-idempotency-key"))
                              .addApiResponse(
                                  "401", problem("missing or unknown API key", "unauthorized"))
                              .addApiResponse(
                                  "403",
                                  problem(
                                      "the payer is not the client's account", "forbidden-account"))
                              .addApiResponse(
                                  "406",
                                  problem("Accept excludes application/json", "not-acceptable"))
                              .addApiResponse(
                                  "409",
                                  problem(
                                      "a request with this key is in progress; Retry-After",
                                      "idempotency-key-in-progress"))
                              .addApiResponse(
                                  "413", problem("body over 16 KiB (Nginx)", "payload-too-large"))
                              .addApiResponse(
                                  "415", problem("not application/json", "unsupported-media-type"))
                              .addApiResponse(
                                  "422",
                                  problem(
                                      "refused: nothing will settle (final for the key,"
                                          + " unknown-account excepted)",
                                      "insufficient-funds",
                                      "unknown-account",
                                      "account-closed",
                                      "currency-mismatch",
                                      "invalid-field",
                                      "idempotency-key-reused"))
                              .addApiResponse(
                                  "429", problem("client rate limit; Retry-After", "rate-limited"))
                              .addApiResponse(
                                  "500", problem("unexpected failure", "internal-error"))
                              .addApiResponse(
                                  "503",
                                  problem(
                                      "not accepted (temporarily-unavailable, balance-cache-warming,"
                                          + " enqueue-failed) or outcome-unknown: retry with the"
                                          + " same key; Retry-After",
                                      "temporarily-unavailable",
                                      "balance-cache-warming",
                                      "enqueue-failed",
                                      "outcome-unknown")))));
    };
  }

  /**
   * A problem+json answer: {@code type} is {@link ProblemTypes#BASE} + one of {@code kinds}, as the
   * servlet (and Nginx for 413) writes it.
   */
  private static ApiResponse problem(String description, String... kinds) {
    return new ApiResponse()
        .description(
            description
                + "; problem+json, type "
                + String.join(", ", Arrays.stream(kinds).map(ProblemTypes::of).toList()))
        .content(
            new Content()
                .addMediaType(
                    PROBLEM,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
  }

  private static ApiResponse answer(String description, String mediaType) {
    return new ApiResponse()
        .description(description)
        .content(new Content().addMediaType(mediaType, new MediaType()));
  }

  /** RFC 9457 members as the services write them; requestId in the answers Nginx writes. */
  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("RFC 9457 problem details")
        .addProperty(
            "type", new StringSchema().description(ProblemTypes.BASE + "<kind>").format("uri"))
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema().format("uri-reference"))
        .addProperty("requestId", new StringSchema().description("set by Nginx"));
  }
}
