package com.payflow.transaction;

import static com.payflow.transaction.ReadSideApp.ALICE;
import static com.payflow.transaction.ReadSideApp.ALICE_KEY;
import static com.payflow.transaction.ReadSideApp.BOB_KEY;
import static com.payflow.transaction.ReadSideApp.OPERATOR_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.testsupport.ApiRoutes;
import com.payflow.web.problem.ProblemTypes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * transaction-service's OpenAPI description (issue 17): valid for a standard parser, exactly the
 * routes the service maps (less the ones below, which are not the API), each with its problem
 * answers, and matching what Nginx routes here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionIT {

  /**
   * Mapped but not the API: the dashboard is a browser UI with its own session login (reached
   * through Nginx at /dashboard, docs/dashboard.md), springdoc's own /v3/api-docs, Boot's /error;
   * /actuator stays internal (Nginx answers 404) and is mapped elsewhere anyway.
   */
  private static final List<String> NOT_THE_API =
      List.of("/dashboard", "/v3/api-docs", "/error", "/actuator");

  private final JsonMapper json = JsonMapper.builder().build();
  private ReadSideApp platform;
  private OpenAPI description;

  @BeforeAll
  void fetch() throws Exception {
    platform = ReadSideApp.get();
    HttpResponse<String> answer = platform.getRaw("/v3/api-docs", null);
    assertThat(answer.statusCode()).isEqualTo(200);
    // For reading: the document as served.
    Files.writeString(Path.of("target/api-docs.json"), answer.body());
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(answer.body(), null, options);
    assertThat(parsed.getMessages()).as("validator messages").isEmpty();
    description = parsed.getOpenAPI();
    assertThat(description).isNotNull();
  }

  @Test
  void documentsExactlyTheRoutesTheServiceMaps() {
    assertThat(documented()).isEqualTo(mapped()).isNotEmpty();
  }

  @Test
  void everyOperationDescribesItsProblemAnswers() {
    description
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          var problems =
                              operation.getResponses().entrySet().stream()
                                  .filter(r -> r.getValue().getContent() != null)
                                  .filter(
                                      r ->
                                          r.getValue()
                                              .getContent()
                                              .containsKey("application/problem+json"))
                                  .toList();
                          assertThat(problems).as(method + " " + path).isNotEmpty();
                          problems.forEach(
                              r ->
                                  assertThat(r.getValue().getDescription())
                                      .as(method + " " + path + " " + r.getKey())
                                      .contains(ProblemTypes.BASE));
                          assertThat(operation.getResponses()).containsKeys("401", "500");
                        }));
    assertThat(description.getComponents().getSchemas()).containsKey("Problem");
  }

  @Test
  void nginxRoutesHereEveryDocumentedPath_andEveryApiLocationHereIsDocumented() {
    Set<String> paths = description.getPaths().keySet();
    assertThat(ApiRoutes.notRoutedTo("transaction", paths)).isEmpty();
    assertThat(ApiRoutes.undocumentedLocations("transaction", paths)).isEmpty();
  }

  /**
   * Real answers of the running service are documented ones: the status for that operation and, for
   * a problem, its type among those the description lists.
   */
  @Test
  void realAnswers_areDocumented() throws Exception {
    String id = "apidoc-" + UUID.randomUUID().toString().substring(0, 8);
    String open = "{\"owner\":\"" + ALICE + "\",\"currency\":\"EUR\",\"id\":\"" + id + "\"}";
    String accounts = "/api/v1/accounts";
    String account = accounts + "/" + id;
    documented("POST", accounts, platform.postJson(accounts, OPERATOR_KEY, "o-" + id, open), 201);
    documented("POST", accounts, platform.postJson(accounts, OPERATOR_KEY, "o-" + id, open), 409);
    documented("POST", accounts, platform.postJson(accounts, ALICE_KEY, "o-" + id, open), 403);
    String funding = accounts + "/{id}/funding";
    documented(
        "POST",
        funding,
        platform.postJson(
            account + "/funding", OPERATOR_KEY, "f-" + id, "{\"value\":100,\"currency\":\"EUR\"}"),
        202);
    documented(
        "POST",
        funding,
        platform.postJson(
            account + "/funding", OPERATOR_KEY, "g-" + id, "{\"value\":100,\"currency\":\"USD\"}"),
        422);
    documented("GET", accounts + "/{id}", platform.getRaw(account, ALICE_KEY), 200);
    documented("GET", accounts + "/{id}", platform.getRaw(account, null), 401);
    documented("GET", accounts + "/{id}", platform.getRaw(account, BOB_KEY), 404);
    documented(
        "GET", "/api/v1/payments/{id}", platform.getRaw("/api/v1/payments/x", ALICE_KEY), 400);
    documented(
        "GET",
        "/api/v1/ops/reconciliation",
        platform.getRaw("/api/v1/ops/reconciliation", ALICE_KEY),
        403);
  }

  private void documented(String method, String path, HttpResponse<String> answer, int status)
      throws Exception {
    String what = method + " " + path + " answered " + answer.statusCode() + " " + answer.body();
    assertThat(answer.statusCode()).as(what).isEqualTo(status);
    ApiResponse response =
        description
            .getPaths()
            .get(path)
            .readOperationsMap()
            .get(PathItem.HttpMethod.valueOf(method))
            .getResponses()
            .get(String.valueOf(status));
    assertThat(response).as(what).isNotNull();
    if (status >= 400) {
      String type = json.readTree(answer.body()).path("type").asString();
      String listed = response.getDescription();
      assertThat(Arrays.asList(listed.substring(listed.lastIndexOf("type ") + 5).split(", ")))
          .as(what)
          .contains(type);
    }
  }

  private Set<String> documented() {
    Set<String> routes = new TreeSet<>();
    description
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .keySet()
                    .forEach(method -> routes.add(method + " " + path)));
    return routes;
  }

  private Set<String> mapped() {
    Set<String> routes = new TreeSet<>();
    platform
        .app
        .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
        .getHandlerMethods()
        .keySet()
        .forEach(
            info ->
                info.getPatternValues().stream()
                    .filter(path -> NOT_THE_API.stream().noneMatch(path::startsWith))
                    .forEach(
                        path -> {
                          assertThat(info.getMethodsCondition().getMethods())
                              .as("methods of " + path)
                              .isNotEmpty();
                          info.getMethodsCondition()
                              .getMethods()
                              .forEach(method -> routes.add(method + " " + path));
                        }));
    return routes;
  }
}
