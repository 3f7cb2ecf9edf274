package com.payflow.ledger;

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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * ledger-service's OpenAPI description (issue 17): valid for a standard parser, exactly the routes
 * the service maps (less the ones below, which are not the API), each with its problem answers, and
 * matching what Nginx routes here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionIT {

  /**
   * Mapped but not the API: springdoc's own /v3/api-docs and Boot's /error; /actuator stays
   * internal (Nginx answers 404) and is mapped elsewhere anyway.
   */
  private static final List<String> NOT_THE_API = List.of("/v3/api-docs", "/error", "/actuator");

  private LedgerFixture fixture;
  private OpenAPI description;

  @BeforeAll
  void fetch() throws Exception {
    fixture = LedgerFixture.create("apidocs", 1);
    fixture.startLedger(Map.of());
    HttpResponse<String> answer = fixture.send("GET", "/v3/api-docs", null);
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

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
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
                          assertThat(operation.getResponses()).containsKey("500");
                        }));
    assertThat(description.getComponents().getSchemas()).containsKey("Problem");
  }

  @Test
  void nginxRoutesHereEveryDocumentedPath_andEveryApiLocationHereIsDocumented() {
    Set<String> paths = description.getPaths().keySet();
    assertThat(ApiRoutes.notRoutedTo("ledger", paths)).isEmpty();
    assertThat(ApiRoutes.undocumentedLocations("ledger", paths)).isEmpty();
  }

  /**
   * Real answers of the running ledger (no block yet) are documented ones: the status for that
   * operation and, for a problem, its type among those the description lists.
   */
  @Test
  void realAnswers_areDocumented() throws Exception {
    documented(
        "GET",
        "/api/v1/chain/public-key",
        fixture.send("GET", "/api/v1/chain/public-key", null),
        200);
    documented("GET", "/api/v1/chain/head", fixture.send("GET", "/api/v1/chain/head", null), 404);
    documented("GET", "/api/v1/blocks", fixture.send("GET", "/api/v1/blocks?from=0", null), 400);
    documented(
        "GET", "/api/v1/blocks/{height}", fixture.send("GET", "/api/v1/blocks/x", null), 400);
    documented(
        "GET",
        "/api/v1/transactions/{id}/proof",
        fixture.send("GET", "/api/v1/transactions/x/proof", null),
        400);
    documented(
        "GET",
        "/api/v1/transactions/{id}/proof",
        fixture.send("GET", "/api/v1/transactions/x/proof", "unknown-key"),
        401);
    documented(
        "POST", "/api/v1/chain/verify", fixture.send("POST", "/api/v1/chain/verify", null), 401);
    documented(
        "GET",
        "/api/v1/chain/verification",
        fixture.send("GET", "/api/v1/chain/verification", null),
        404);
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
      String type = LedgerFixture.JSON.readTree(answer.body()).path("type").asString();
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
    fixture
        .app()
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
