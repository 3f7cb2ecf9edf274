package com.payflow.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The servers integration tests run against. Local servers when they answer (the project's {@code
 * infra/infra.sh up} starts them), Testcontainers (MySQL 8, Redis, Kafka) when a Docker engine
 * exists, otherwise a failure that names what is missing. Chosen once per JVM.
 *
 * <p>{@code PAYFLOW_TEST_SERVERS=local|containers|auto} (default auto) forces a choice.
 */
public final class RealServers {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static volatile Endpoints endpoints;

  private RealServers() {}

  /** Where MySQL/MariaDB, Redis and Kafka answer, with an administrative database login. */
  public record Endpoints(
      String mysqlHost,
      int mysqlPort,
      String mysqlAdminUser,
      String mysqlAdminPassword,
      String redisHost,
      int redisPort,
      String kafkaBootstrap,
      String source) {

    /** JDBC URL of a database on the server, tuned like the services' URLs. */
    public String jdbcUrl(String database) {
      return "jdbc:mysql://"
          + mysqlHost
          + ":"
          + mysqlPort
          + "/"
          + database
          + "?rewriteBatchedStatements=true&useServerPrepStmts=false&cachePrepStmts=true"
          + "&allowPublicKeyRetrieval=true&useSSL=false";
    }

    /** Redis URI for Lettuce. */
    public String redisUri() {
      return "redis://" + redisHost + ":" + redisPort;
    }
  }

  /** The endpoints, choosing and (for containers) starting servers on first use. */
  public static Endpoints get() {
    Endpoints current = endpoints;
    if (current == null) {
      synchronized (RealServers.class) {
        if (endpoints == null) {
          endpoints = choose();
        }
        current = endpoints;
      }
    }
    return current;
  }

  private static Endpoints choose() {
    Map<String, String> env = effectiveEnvironment();
    String mode = env.getOrDefault("PAYFLOW_TEST_SERVERS", "auto");
    Endpoints local = localEndpoints(env);
    String missing = missingLocal(local);
    if (mode.equals("local") || (mode.equals("auto") && missing.isEmpty())) {
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "PAYFLOW_TEST_SERVERS=local but not answering: "
                + missing
                + ". Start them with `./platform up` or `bash infra/infra.sh up`.");
      }
      return local;
    }
    if (!dockerAvailable()) {
      throw new IllegalStateException(
          "Integration tests need real servers. Not answering "
              + "locally: "
              + missing
              + "; and no Docker engine for Testcontainers. Run "
              + "`bash infra/infra.sh up` (or `./platform test`, which does it), or set "
              + "MYSQL_HOST/MYSQL_PORT, REDIS_HOST/REDIS_PORT, KAFKA_BOOTSTRAP.");
    }
    return startContainers();
  }

  /** Environment variables, falling back to the run folder's infra.env written by infra.sh. */
  static Map<String, String> effectiveEnvironment() {
    Map<String, String> values = new HashMap<>();
    Path runDir = findRunDir();
    if (runDir != null) {
      readEnvFile(runDir.resolve("infra.env"), values);
    }
    values.putAll(System.getenv());
    return values;
  }

  private static Endpoints localEndpoints(Map<String, String> env) {
    String kafka =
        env.getOrDefault(
            "KAFKA_BOOTSTRAP",
            env.getOrDefault("KAFKA_HOST", "127.0.0.1")
                + ":"
                + env.getOrDefault("KAFKA_PORT", "9092"));
    return new Endpoints(
        env.getOrDefault("MYSQL_HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("MYSQL_PORT", "3306")),
        env.getOrDefault("MYSQL_ADMIN_USER", "root"),
        env.getOrDefault("MYSQL_ADMIN_PASSWORD", ""),
        env.getOrDefault("REDIS_HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("REDIS_PORT", "6379")),
        kafka,
        "local servers");
  }

  private static String missingLocal(Endpoints local) {
    StringBuilder missing = new StringBuilder();
    if (!answers(local.mysqlHost(), local.mysqlPort())) {
      missing
          .append("MySQL/MariaDB at ")
          .append(local.mysqlHost())
          .append(':')
          .append(local.mysqlPort())
          .append(' ');
    }
    if (!answers(local.redisHost(), local.redisPort())) {
      missing
          .append("Redis at ")
          .append(local.redisHost())
          .append(':')
          .append(local.redisPort())
          .append(' ');
    }
    String[] kafka = local.kafkaBootstrap().split(":");
    if (!answers(kafka[0], Integer.parseInt(kafka[1]))) {
      missing.append("Kafka at ").append(local.kafkaBootstrap());
    }
    return missing.toString().trim();
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      return true;
    } catch (IOException notAnswering) {
      return false;
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError noDocker) {
      return false;
    }
  }

  @SuppressWarnings("resource") // containers live for the JVM; Ryuk removes them afterwards
  private static Endpoints startContainers() {
    MySQLContainer mysql =
        new MySQLContainer("mysql:8.4.6").withUsername("root").withPassword("test");
    GenericContainer<?> redis = new GenericContainer<>("redis:7.4.5").withExposedPorts(6379);
    KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
    mysql.start();
    redis.start();
    kafka.start();
    return new Endpoints(
        mysql.getHost(),
        mysql.getMappedPort(3306),
        "root",
        "test",
        redis.getHost(),
        redis.getMappedPort(6379),
        kafka.getBootstrapServers(),
        "Testcontainers");
  }

  /** The run folder: PAYFLOW_RUN_DIR, else {@code .run} beside the nearest {@code platform}. */
  static Path findRunDir() {
    String configured = System.getenv("PAYFLOW_RUN_DIR");
    if (configured != null) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("platform"))) {
        return dir.resolve(".run");
      }
      dir = dir.getParent();
    }
    return null;
  }

  private static void readEnvFile(Path file, Map<String, String> into) {
    if (!Files.isReadable(file)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
          continue;
        }
        String key = trimmed.substring(0, trimmed.indexOf('=')).replace("export ", "").trim();
        String value = trimmed.substring(trimmed.indexOf('=') + 1).trim();
        into.put(key, value.replaceAll("^[\"']|[\"']$", ""));
      }
    } catch (IOException unreadable) {
      throw new IllegalStateException("cannot read " + file, unreadable);
    }
  }
}
