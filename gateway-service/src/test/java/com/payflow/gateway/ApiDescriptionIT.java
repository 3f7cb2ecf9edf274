package com.payflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.testsupport.ApiRoutes;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.TestTopics;
import com.payflow.web.problem.ProblemTypes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's OpenAPI description (issue 17): valid for a standard parser, exactly the routes the
 * gateway serves (its MVC mappings and the payment servlet, less the ones below, which are not the
 * API), each with its problem answers, matching what Nginx routes here; and Swagger UI lists the
 * three services' descriptions at the Nginx locations that reach them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionIT {

  /**
   * Mapped but not the API: springdoc's own /v3/api-docs and Swagger UI, Boot's /error; /actuator
   * stays internal (Nginx answers 404) and is mapped elsewhere anyway.
   */
  private static final List<String> NOT_THE_API =
      List.of("/v3/api-docs", "/swagger-ui", "/error", "/actuator");

  private static final Map<String, String> UPSTREAM_OF_DESCRIPTION =
      Map.of("gateway", "gateway", "transaction", "transaction", "ledger", "ledger");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private TestTopics topics;
  private ConfigurableApplicationContext app;
  private String base;
  private OpenAPI description;

  @BeforeAll
  void start() throws Exception {
    RealServers.Endpoints servers = RealServers.get();
    topics = TestTopics.create();
    Map<String, String> properties =
        new HashMap<>(
            Map.of(
                "server.port", "0",
                "spring.kafka.bootstrap-servers", servers.kafkaBootstrap(),
                "payflow.gateway.redis-uri", servers.redisUri(),
                "payflow.gateway.submitted-topic", topics.topic("payments.submitted", 1)));
    app =
        new org.springframework.boot.builder.SpringApplicationBuilder(GatewayApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    HttpResponse<String> answer = send("GET", "/v3/api-docs");
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
    if (app != null) {
      app.close();
    }
    if (topics != null) {
      topics.close();
    }
  }

  @Test
  void documentsExactlyTheRoutesTheGatewayServes() throws Exception {
    assertThat(documented()).isEqualTo(served()).isNotEmpty();
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
                        }));
    assertThat(description.getComponents().getSchemas()).containsKey("Problem");
  }

  @Test
  void nginxRoutesHereEveryDocumentedPath_andEveryApiLocationHereIsDocumented() {
    Set<String> paths = description.getPaths().keySet();
    assertThat(ApiRoutes.notRoutedTo("gateway", paths)).isEmpty();
    assertThat(ApiRoutes.undocumentedLocations("gateway", paths)).isEmpty();
  }

  /** Swagger UI lists one description per service, each at a location Nginx sends to it. */
  @Test
  void swaggerUi_listsTheThreeDescriptions_eachRoutedToItsService() throws Exception {
    HttpResponse<String> answer = send("GET", "/v3/api-docs/swagger-config");
    assertThat(answer.statusCode()).isEqualTo(200);
    Map<String, String> urls = new HashMap<>();
    for (JsonNode url : json.readTree(answer.body()).path("urls")) {
      urls.put(url.path("name").asString(), url.path("url").asString());
    }
    assertThat(urls).containsOnlyKeys(UPSTREAM_OF_DESCRIPTION.keySet());
    for (var template : ApiRoutes.NGINX_TEMPLATES) {
      List<ApiRoutes.Location> locations = ApiRoutes.locations(template);
      urls.forEach(
          (name, url) ->
              assertThat(ApiRoutes.select(locations, url))
                  .as(template + ": " + url)
                  .hasValueSatisfying(
                      location -> {
                        assertThat(location.modifier()).isEqualTo("=");
                        assertThat(location.upstream())
                            .isEqualTo(UPSTREAM_OF_DESCRIPTION.get(name));
                      }));
      // The UI's own configuration comes from the gateway.
      assertThat(ApiRoutes.select(locations, "/v3/api-docs/swagger-config"))
          .hasValueSatisfying(l -> assertThat(l.upstream()).isEqualTo("gateway"));
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

  /** MVC mappings, plus each servlet's paths with the methods its 405 answer allows. */
  private Set<String> served() throws Exception {
    Set<String> routes = new TreeSet<>();
    app.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
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
    for (ServletRegistrationBean<?> servlet :
        app.getBeansOfType(ServletRegistrationBean.class).values()) {
      if (servlet instanceof DispatcherServletRegistrationBean) {
        continue;
      }
      for (String path : servlet.getUrlMappings()) {
        HttpResponse<String> refused = send("DELETE", path);
        assertThat(refused.statusCode()).as("DELETE " + path).isEqualTo(405);
        String allow = refused.headers().firstValue("Allow").orElseThrow();
        Arrays.stream(allow.split(","))
            .map(String::trim)
            .forEach(method -> routes.add(method + " " + path));
      }
    }
    return routes;
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
