package com.payflow.transaction.system;

import com.payflow.web.problem.ProblemTypes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * transaction-service's OpenAPI description (/v3/api-docs; through Nginx /v3/api-docs/transaction):
 * springdoc derives the routes from the controllers, and this adds what it cannot see: the API key,
 * and per operation the RFC 9457 problem answers the code gives ({@code type} = {@link
 * ProblemTypes#BASE} + kind), from the {@link ApiProblem}s thrown on that route. Every operation
 * may also answer 500 {@code internal-error} and 503 {@code temporarily-unavailable} (Redis or a
 * shard unavailable: {@link ProblemResponses}); every authenticated one 401 {@code unauthorized}
 * and 503 {@code api-keys-unavailable}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

  private static final String API_KEY = "apiKey";
  private static final String PROBLEM_SCHEMA = "Problem";
  private static final String PROBLEM =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  /** Problem kinds per answer status, per operation ({@code METHOD path}), as the code throws. */
  static final Map<String, Map<Integer, List<String>>> PROBLEMS =
      Map.ofEntries(
          Map.entry(
              "POST /api/v1/accounts",
              Map.of(
                  403, List.of("forbidden"),
                  409, List.of("account-exists"),
                  422, List.of("invalid-field"))),
          Map.entry(
              "POST /api/v1/accounts/{id}/funding",
              Map.of(
                  400, List.of("missing-idempotency-key"),
                  403, List.of("forbidden"),
                  404, List.of("unknown-account"),
                  422, List.of("invalid-field", "currency-mismatch"),
                  503, List.of("enqueue-failed", "outcome-unknown"))),
          Map.entry(
              "POST /api/v1/accounts/{id}/close",
              Map.of(
                  403, List.of("forbidden"),
                  404, List.of("unknown-account"),
                  409,
                      List.of(
                          "account-not-closable",
                          "payments-in-flight",
                          "available-not-zero",
                          "balance-not-zero"))),
          Map.entry("GET /api/v1/accounts/{id}", Map.of(404, List.of("unknown-account"))),
          Map.entry(
              "GET /api/v1/accounts/{id}/transactions",
              Map.of(
                  400, List.of("invalid-cursor"),
                  404, List.of("unknown-account"),
                  422, List.of("invalid-field"))),
          Map.entry(
              "GET /api/v1/transactions/{id}",
              Map.of(
                  400, List.of("invalid-transaction-id"),
                  404, List.of("unknown-transaction"),
                  503, List.of("lookup-busy"))),
          Map.entry(
              "GET /api/v1/payments/{id}",
              Map.of(
                  400, List.of("invalid-parameter"),
                  404, List.of("payment-not-found"),
                  503, List.of("lookup-busy", "status-not-yet-known"))),
          Map.entry(
              "POST /api/v1/ops/reconciliation",
              Map.of(403, List.of("forbidden"), 409, List.of("reconciliation-running"))),
          Map.entry(
              "GET /api/v1/ops/reconciliation",
              Map.of(403, List.of("forbidden"), 404, List.of("no-reconciliation-yet"))));

  /**
   * Success answers other than springdoc's default 200 (the controller returns a ResponseEntity
   * whose status springdoc cannot see).
   */
  static final Map<String, String> SUCCESS =
      Map.of(
          "POST /api/v1/accounts", "201",
          "POST /api/v1/accounts/{id}/funding", "202");

  @Bean
  OpenAPI transactionApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("payflow read side and operations API (transaction-service)")
                .version("v1")
                .description(
                    "Accounts (open, fund, close, read), account history, transactions, payment"
                        + " status and reconciliation. Errors are RFC 9457 problem+json with a stable"
                        + " type per kind ("
                        + ProblemTypes.BASE
                        + "<kind>); see docs/api.md."))
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

  @Bean
  OpenApiCustomizer problemAnswers() {
    return openApi -> {
      openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
      if (openApi.getPaths() == null) {
        return;
      }
      openApi
          .getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach((method, operation) -> describe(method + " " + path, operation)));
    };
  }

  private static void describe(String route, Operation operation) {
    String success = SUCCESS.get(route);
    if (success != null) {
      ApiResponse answer = operation.getResponses().remove("200");
      operation.getResponses().addApiResponse(success, answer.description(successText(success)));
    }
    Map<Integer, List<String>> answers = new LinkedHashMap<>();
    // Every route here authenticates (ApiAccess): 401 for a missing or unknown key, 503 when the
    // key directory (Redis) does not answer.
    answers.put(401, List.of("unauthorized"));
    PROBLEMS.getOrDefault(route, Map.of()).forEach(answers::put);
    answers.merge(
        503,
        List.of("temporarily-unavailable", "api-keys-unavailable"),
        (own, common) -> concat(own, common));
    answers.put(500, List.of("internal-error"));
    answers.forEach(
        (status, kinds) ->
            operation.getResponses().addApiResponse(String.valueOf(status), problem(kinds)));
  }

  private static String successText(String status) {
    return status.equals("201")
        ? "Created; Location is the account's URL"
        : "Accepted: queued for settlement; Location is the payment's status URL";
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }

  private static ApiResponse problem(List<String> kinds) {
    return new ApiResponse()
        .description(
            "problem+json, type "
                + String.join(", ", kinds.stream().map(ProblemTypes::of).toList()))
        .content(
            new Content()
                .addMediaType(
                    PROBLEM,
                    new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
  }

  /** RFC 9457 members as the services write them; requestId in the answers Nginx writes. */
  static Schema<?> problemSchema() {
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
