package com.payflow.gateway.payment;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
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
                                  "400", answer("malformed body or Idempotency-Key", PROBLEM))
                              .addApiResponse("401", answer("missing or unknown API key", PROBLEM))
                              .addApiResponse(
                                  "403", answer("the payer is not the client's account", PROBLEM))
                              .addApiResponse(
                                  "409", answer("a request with this key is in progress", PROBLEM))
                              .addApiResponse("415", answer("not application/json", PROBLEM))
                              .addApiResponse(
                                  "422",
                                  answer(
                                      "refused: nothing will settle (insufficient funds,"
                                          + " unknown account, invalid field, key reused for another payment)",
                                      PROBLEM))
                              .addApiResponse(
                                  "429", answer("client rate limit; Retry-After", PROBLEM))
                              .addApiResponse(
                                  "503",
                                  answer(
                                      "not accepted (temporarily-unavailable,"
                                          + " enqueue-failed) or outcome-unknown: retry with the same key",
                                      PROBLEM)))));
    };
  }

  private static ApiResponse answer(String description, String mediaType) {
    return new ApiResponse()
        .description(description)
        .content(new Content().addMediaType(mediaType, new MediaType()));
  }
}
