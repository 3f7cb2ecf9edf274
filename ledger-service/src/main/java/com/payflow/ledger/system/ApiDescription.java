package com.payflow.ledger.system;

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
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * ledger-service's OpenAPI description (/v3/api-docs; through Nginx /v3/api-docs/ledger): springdoc
 * derives the routes from the controllers, and this adds the API key (optional except where the
 * operator is required) and per operation the RFC 9457 problem answers the code gives ({@code type}
 * = {@link ProblemTypes#BASE} + kind), from the {@link ApiProblem}s thrown on that route. Every
 * operation may also answer 500 {@code internal} ({@link ProblemResponses}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

  private static final String API_KEY = "apiKey";
  private static final String PROBLEM_SCHEMA = "Problem";
  private static final String PROBLEM =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  /** Routes that read the API key (ApiAccess): an unknown key is 401 there, a silent Redis 503. */
  static final Set<String> KEYED =
      Set.of(
          "GET /api/v1/transactions/{id}/proof",
          "POST /api/v1/chain/verify",
          "GET /api/v1/chain/verification");

  /** The one route that needs a key (the operator's): anonymous callers get 401. */
  static final String OPERATOR_ONLY = "POST /api/v1/chain/verify";

  /** Problem kinds per answer status, per operation ({@code METHOD path}), as the code throws. */
  static final Map<String, Map<Integer, List<String>>> PROBLEMS =
      Map.of(
          "GET /api/v1/blocks", Map.of(400, List.of("invalid-parameter")),
          "GET /api/v1/blocks/{height}",
              Map.of(400, List.of("invalid-parameter"), 404, List.of("block-not-found")),
          "GET /api/v1/chain/head", Map.of(404, List.of("chain-empty")),
          "GET /api/v1/chain/public-key", Map.of(),
          "GET /api/v1/chain/consistency",
              Map.of(400, List.of("invalid-parameter"), 404, List.of("block-not-found")),
          "GET /api/v1/chain/export",
              Map.of(
                  400, List.of("invalid-parameter"),
                  404, List.of("chain-empty", "block-not-found")),
          "GET /api/v1/transactions/{id}/proof",
              Map.of(
                  400, List.of("invalid-parameter"),
                  404, List.of("transaction-not-in-chain"),
                  409, List.of("transaction-altered")),
          "POST /api/v1/chain/verify",
              Map.of(403, List.of("forbidden"), 409, List.of("verification-running")),
          "GET /api/v1/chain/verification", Map.of(404, List.of("verification-not-run")));

  @Bean
  OpenAPI ledgerApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("payflow ledger chain API (ledger-service)")
                .version("v1")
                .description(
                    "Signed blocks of RFC 6962 Merkle roots over settled batches: blocks, head,"
                        + " public keys, consistency proofs, export, inclusion proofs and full"
                        + " verification. Errors are RFC 9457 problem+json with a stable type per"
                        + " kind ("
                        + ProblemTypes.BASE
                        + "<kind>); see docs/api.md and docs/ledger.md."))
        .addServersItem(new Server().url("/").description("through Nginx"))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-Api-Key")));
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
    Map<Integer, List<String>> answers = new LinkedHashMap<>();
    if (KEYED.contains(route)) {
      // Without a key the caller is anonymous (hashes-only proofs); the operator-only route
      // answers 401 to it. An unknown key is 401; the key directory silent, 503.
      if (!OPERATOR_ONLY.equals(route)) {
        operation.addSecurityItem(new SecurityRequirement());
      }
      operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
      answers.put(401, List.of("unauthorized"));
      answers.put(503, List.of("api-keys-unavailable"));
    }
    PROBLEMS.getOrDefault(route, Map.of()).forEach(answers::put);
    answers.put(500, List.of("internal"));
    answers.forEach(
        (status, kinds) ->
            operation.getResponses().addApiResponse(String.valueOf(status), problem(kinds)));
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
