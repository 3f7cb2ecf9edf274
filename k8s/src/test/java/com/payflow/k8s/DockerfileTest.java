package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The images, read as text (no Docker engine here): multi-stage from the layered jar, pinned bases,
 * JRE 25, non-root, a HEALTHCHECK, JVM sized from the limit; the nginx image and its template keep
 * the local edge's limits.
 */
class DockerfileTest {

  static final List<String> SERVICES = WorkloadRulesTest.JAVA_SERVICES;
  static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
  static final Map<String, String> PORT_VARIABLE =
      Map.of(
          "gateway-service",
          "GATEWAY_PORT",
          "transaction-service",
          "TRANSACTION_PORT",
          "settlement-consumer",
          "SETTLEMENT_PORT",
          "ledger-service",
          "LEDGER_PORT");

  static List<String> bases(String dockerfile) {
    List<String> out = new ArrayList<>();
    Matcher m = FROM.matcher(dockerfile);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void serviceImageFromTheLayeredJar(String service) {
    String df = Manifests.read(service + "/Dockerfile");
    List<String> bases = bases(df);
    assertThat(bases)
        .as("multi-stage")
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(b -> assertThat(ImagePinningTest.pinningProblem(b)).as(b).isNull());
    assertThat(bases.getLast())
        .as("runtime: a Java 25 JRE (ADR 0001, ADR 0011)")
        .startsWith("eclipse-temurin:25")
        .contains("jre");
    assertThat(df)
        .contains("java -Djarmode=tools -jar app.jar extract --layers --launcher")
        .contains("COPY --from=layers /layers/extracted/dependencies/ ./")
        .contains("COPY --from=layers /layers/extracted/application/ ./")
        .contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]")
        .containsPattern("(?m)^USER 10001:10001$")
        .containsPattern("(?m)^HEALTHCHECK .*")
        .contains("/actuator/health/readiness")
        .contains("-XX:MaxRAMPercentage=");
    if (service.equals("gateway-service")) {
      assertThat(df).contains("-XX:+UseSerialGC");
    }
    List<String> ignored =
        Manifests.read(service + "/Dockerfile.dockerignore")
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertThat(ignored)
        .contains("**/target/", ".git/")
        .as("the reactor needs every module's pom.xml")
        .noneMatch(l -> l.contains("pom") || l.contains("xml") || l.equals("k8s/"));
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void imagePortIsTheServicePort(String service) {
    String var = PORT_VARIABLE.get(service);
    Matcher yml =
        Pattern.compile("port: \\$\\{" + var + ":(\\d+)}")
            .matcher(Manifests.read(service + "/src/main/resources/application.yml"));
    assertThat(yml.find()).as(service + " application.yml server.port").isTrue();
    String port = yml.group(1);
    String df = Manifests.read(service + "/Dockerfile");
    assertThat(df)
        .containsPattern("(?m)^(ENV |\\s+)" + var + "=" + port + "\\b")
        .contains("EXPOSE " + port)
        .contains("/dev/tcp/127.0.0.1/${" + var + "}");
  }

  @Test
  void nginxImageIsPinnedUnprivilegedAndHealthChecked() {
    String df = Manifests.read("infra/nginx/Dockerfile");
    assertThat(bases(df))
        .singleElement()
        .satisfies(b -> assertThat(ImagePinningTest.pinningProblem(b)).isNull())
        .asString()
        .startsWith("nginx:1.28"); // upstream "resolve" needs >= 1.27.3
    assertThat(df)
        .containsPattern("(?m)^USER 101:101$")
        .containsPattern("(?m)^HEALTHCHECK .*")
        .contains("COPY nginx.container.conf.template");
  }

  @Test
  void nginxTemplateKeepsTheLocalEdgeLimits() {
    String local = Manifests.read("infra/nginx/nginx.conf.template");
    String container = Manifests.read("infra/nginx/nginx.container.conf.template");
    for (String same :
        List.of(
            "client_max_body_size    16k;",
            "client_body_buffer_size 16k;",
            "limit_req_status 429;",
            "log_format payflow_json escape=json",
            "proxy_set_header X-Request-Id $payflow_request_id;",
            "add_header X-Request-Id $payflow_request_id always;",
            "proxy_set_header Connection \"\";",
            "keepalive 64;",
            "keepalive 256;",
            "proxy_next_upstream error http_502;",
            "location = /api/v1/payments { proxy_pass http://gateway; }",
            "location /api/v1/payments/ { proxy_pass http://transaction; }",
            "location = /nginx-health")) {
      assertThat(local).as("local template").contains(same);
      assertThat(container).as("container template").contains(same);
    }
    assertThat(container).doesNotContain("non_idempotent");
    // Same flood limit by default as the local edge.
    Matcher rate = Pattern.compile("rate=(\\d+r/s)").matcher(local);
    assertThat(rate.find()).isTrue();
    assertThat(Manifests.read("infra/nginx/Dockerfile"))
        .contains("NGINX_RATE_LIMIT=" + rate.group(1));
    assertThat(Manifests.of("dev").configValue("payflow-edge", "NGINX_RATE_LIMIT"))
        .isEqualTo(rate.group(1));
  }

  @Test
  void everyTemplateVariableHasADefaultInTheImage() {
    String df = Manifests.read("infra/nginx/Dockerfile");
    Matcher v =
        Pattern.compile("\\$\\{(NGINX_[A-Z_]+)}")
            .matcher(Manifests.read("infra/nginx/nginx.container.conf.template"));
    TreeSet<String> vars = new TreeSet<>();
    while (v.find()) {
      vars.add(v.group(1));
    }
    assertThat(vars)
        .isNotEmpty()
        .allSatisfy(
            name -> assertThat(df).as("default for " + name).containsPattern("\\b" + name + "="));
    assertThat(Manifests.read("infra/nginx/nginx.container.conf.template"))
        .as("only NGINX_* variables are substituted (NGINX_ENVSUBST_FILTER)")
        .doesNotContainPattern("\\$\\{(?!NGINX_)[A-Z]");
  }
}
