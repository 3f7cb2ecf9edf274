package com.payflow.transaction;

import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.redis.RedisSession;
import com.payflow.testsupport.PrivateRedis;
import com.payflow.testsupport.PrivateRedisCluster;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.TestDatabases;
import com.payflow.testsupport.TestTopics;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One transaction-service for all integration tests of this JVM, started in-process on its own
 * shard databases (schema from settlement's migration), its own topics and its own Redis (see
 * {@link PrivateRedis}); torn down when the JVM exits. Starting it once keeps the suite fast; tests
 * use unique account ids, so they do not see each other's data.
 */
final class ReadSideApp {

  static final int SHARDS = 4;
  static final String OPERATOR_KEY = "it-operator-key";
  static final String ALICE = "alice-it";
  static final String ALICE_KEY = "it-alice-key";
  static final String BOB = "bob-it";
  static final String BOB_KEY = "it-bob-key";

  /** Orphaned holds are released after this (short, so the test need not wait long). */
  static final long HOLD_RELEASE_AFTER_MS = 1_500;

  static final String READY_KEY = RedisKeys.CACHE_READY;

  /** How long a payment status lookup waits for settlement to catch up (short for tests). */
  static final long CATCH_UP_WAIT_MS = 300;

  private static final Duration TEST_REDIS_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TEST_REDIS_TOPOLOGY_REFRESH = Duration.ofSeconds(1);

  private static volatile ReadSideApp instance;

  final TestDatabases databases;
  final TestTopics topics;

  /**
   * Which Redis the app runs on: STANDALONE (a private redis-server), or CLUSTER (a private
   * 3-master cluster), chosen by the system property {@value #TOPOLOGY_PROPERTY}, so the same ITs
   * run through both (transaction-service pom: execution {@code redis-cluster}).
   */
  static final String TOPOLOGY_PROPERTY = "payflow.it.redis-topology";

  final RedisSession.Topology topology =
      RedisSession.Topology.valueOf(System.getProperty(TOPOLOGY_PROPERTY, "STANDALONE"));

  /** Null when the app runs on a cluster. */
  final PrivateRedis privateRedis;

  /** Null when the app runs on a standalone Redis. */
  final PrivateRedisCluster cluster;

  final TestLedger ledger;
  final ConfigurableApplicationContext app;
  final String outcomesTopic;

  /** The submitted topic funding writes to and payment status lookups check progress on. */
  final String submittedTopic;

  /** The consumer group payment status lookups take for settlement's (no one consumes it). */
  final String settlementGroup;

  final RedisClusterCommands<String, String> redis;
  private final RedisSession redisSession;
  private final KafkaProducer<String, byte[]> producer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final int port;

  static ReadSideApp get() {
    if (instance == null) {
      synchronized (ReadSideApp.class) {
        if (instance == null) {
          try {
            instance = new ReadSideApp();
          } catch (Exception failed) {
            throw new IllegalStateException("cannot start transaction-service for tests", failed);
          }
          Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
      }
    }
    return instance;
  }

  private ReadSideApp() throws Exception {
    RealServers.Endpoints servers = RealServers.get();
    databases = TestDatabases.create("txn");
    ledger = new TestLedger(databases, SHARDS);
    ledger.createSchemas();
    topics = TestTopics.create();
    outcomesTopic = topics.topic("payments.outcomes", 4);
    submittedTopic = topics.topic("payments.submitted", 4);
    settlementGroup = "settlement-it-" + topics.suffix();
    privateRedis = topology == RedisSession.Topology.STANDALONE ? PrivateRedis.start() : null;
    cluster = topology == RedisSession.Topology.CLUSTER ? PrivateRedisCluster.start() : null;
    String redisUri = privateRedis != null ? privateRedis.uri() : cluster.seeds();
    String clients =
        ALICE + ":" + ApiKeyHash.of(ALICE_KEY) + "," + BOB + ":" + ApiKeyHash.of(BOB_KEY);
    app =
        new SpringApplicationBuilder(TransactionApplication.class)
            .run(
                args(
                    Map.ofEntries(
                        Map.entry("server.port", "0"),
                        Map.entry("spring.kafka.bootstrap-servers", servers.kafkaBootstrap()),
                        Map.entry("spring.kafka.consumer.group-id", "txn-it-" + topics.suffix()),
                        Map.entry("payflow.shards.count", Integer.toString(SHARDS)),
                        Map.entry(
                            "payflow.shards.url-template",
                            servers.jdbcUrl(databases.prefix() + "_shard_{shard}")),
                        Map.entry("payflow.shards.username", servers.mysqlAdminUser()),
                        Map.entry("payflow.shards.password", servers.mysqlAdminPassword()),
                        Map.entry("payflow.transaction.redis-topology", topology.name()),
                        Map.entry("payflow.transaction.redis-uri", redisUri),
                        Map.entry("payflow.transaction.outcomes-topic", outcomesTopic),
                        Map.entry("payflow.transaction.submitted-topic", submittedTopic),
                        Map.entry("payflow.payment-status.settlement-group", settlementGroup),
                        Map.entry(
                            "payflow.payment-status.catch-up-wait-ms",
                            Long.toString(CATCH_UP_WAIT_MS)),
                        Map.entry("payflow.payment-status.catch-up-poll-ms", "50"),
                        Map.entry(
                            "payflow.transaction.operator-key-sha256", ApiKeyHash.of(OPERATOR_KEY)),
                        Map.entry("payflow.transaction.clients", clients),
                        Map.entry("payflow.cache.ready-key", READY_KEY),
                        Map.entry("payflow.cache.check-interval-ms", "200"),
                        Map.entry("payflow.cache.warm-up-chunk-size", "250"),
                        Map.entry("payflow.reconciliation.enabled", "false"),
                        Map.entry("payflow.reconciliation.hold-lookup-after-ms", "0"),
                        Map.entry(
                            "payflow.reconciliation.hold-release-after-ms",
                            Long.toString(HOLD_RELEASE_AFTER_MS)),
                        Map.entry("spring.jpa.properties.hibernate.generate_statistics", "true"))));
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    redisSession =
        RedisSession.create(
            new RedisSession.Settings(
                topology, redisUri, TEST_REDIS_TIMEOUT, TEST_REDIS_TOPOLOGY_REFRESH));
    redis = redisSession.sync();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    // The first rebuild runs on the scheduler, not during start: until it marks the cache
    // ready, reconciliation answers "skipped" and the gateway 503s. Tests start after it.
    Await.until(
        Duration.ofSeconds(30),
        "balance cache marked ready after start",
        () -> redis.exists(READY_KEY) == 1);
  }

  /** Whether tests may FLUSHALL: the Redis (or cluster) is this JVM's own. */
  boolean flushAllowed() {
    return cluster != null || privateRedis.flushAllowed();
  }

  /** Command-line arguments: they win over application.yml. */
  private static String[] args(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  /** Publishes an outcome as settlement would (key chosen by the test: one key, one order). */
  void publish(String key, PaymentOutcome outcome) throws Exception {
    producer
        .send(new ProducerRecord<>(outcomesTopic, key, EventJson.write(outcome)))
        .get(10, TimeUnit.SECONDS);
  }

  /** A response: status and parsed JSON body (null when empty). */
  record Response(int status, JsonNode body) {}

  Response get(String path, String apiKey) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET(), apiKey);
  }

  /** A GET with its headers and raw body ({@code apiKey} null: none sent). */
  HttpResponse<String> getRaw(String path, String apiKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(60));
    if (apiKey != null) {
      request.header("X-Api-Key", apiKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST of a JSON body with an Idempotency-Key, answered with headers and raw body. */
  HttpResponse<String> postJson(String path, String apiKey, String idempotencyKey, String json)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json")
            .header("X-Api-Key", apiKey)
            .header("Idempotency-Key", idempotencyKey)
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  Response post(String path, String apiKey) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), apiKey);
  }

  /** The service's Prometheus page. */
  String prometheus() throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private Response send(HttpRequest.Builder request, String apiKey) throws Exception {
    if (apiKey != null) {
      request.header("X-Api-Key", apiKey);
    }
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Response(
        response.statusCode(), body == null || body.isEmpty() ? null : json.readTree(body));
  }

  private void close() {
    try {
      producer.close(Duration.ofSeconds(5));
      app.close();
      redisSession.close();
      if (privateRedis != null) {
        privateRedis.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    } catch (Exception ignored) {
      // Best effort at JVM exit.
    } finally {
      deleteConsumerGroup();
      topics.close();
      databases.close();
    }
  }

  /** The projection's test group outlives its topics otherwise. */
  private void deleteConsumerGroup() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap()))) {
      admin
          .deleteConsumerGroups(List.of("txn-it-" + topics.suffix()))
          .all()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Leftover test groups are harmless and uniquely named.
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap()))) {
      // Exists only if a test committed offsets for it.
      admin.deleteConsumerGroups(List.of(settlementGroup)).all().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Leftover test groups are harmless and uniquely named.
    }
  }
}
