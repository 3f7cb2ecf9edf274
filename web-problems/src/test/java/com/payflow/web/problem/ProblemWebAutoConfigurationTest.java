package com.payflow.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A real Tomcat with only this module's auto-configuration and one controller. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    classes = ProblemWebAutoConfigurationTest.App.class)
class ProblemWebAutoConfigurationTest {

  @SpringBootApplication
  @RestController
  static class App {
    @GetMapping("/things/{id}")
    String thing(@PathVariable String id) {
      return "{\"id\":\"" + id + "\"}";
    }
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void undecodablePath_isRefusedByTomcat_asProblemJson() throws Exception {
    // %87 alone is not UTF-8: Tomcat refuses the path before any Spring code runs.
    HttpResponse<String> answer = get("/things/9b2%871y3x", null);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValue("application/problem+json;charset=UTF-8");
    assertThat(answer.body())
        .isEqualTo(
            "{\"type\":\""
                + ProblemTypes.of("malformed-request")
                + "\",\"title\":\"Bad request\",\"status\":400}");
  }

  @Test
  void unparseableAccept_isRefusedWith406ProblemJson() throws Exception {
    HttpResponse<String> answer = get("/things/1", "2\"U5xY\"V`e");

    assertThat(answer.statusCode()).isEqualTo(406);
    assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(answer.body()).contains(ProblemTypes.of("not-acceptable"));
  }

  @Test
  void ordinaryRequest_passesThrough() throws Exception {
    HttpResponse<String> answer = get("/things/1", "application/json");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"id\":\"1\"}");
  }
}
