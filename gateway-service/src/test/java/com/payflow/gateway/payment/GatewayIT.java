package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.gateway.GatewayApplication;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.TestTopics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway instances in-process against real Redis and Kafka (own topic, own client and
 * accounts), plus instances wired to an unreachable Kafka / Redis for the failure paths.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT {

  /** A TCP port on loopback where nothing listens: connections are refused at once. */
  private static final int CLOSED_PORT = 1;

  private static final long START_BALANCE = 100_000;

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String client = "gw-it-" + suffix;
  private final String apiKey = "key-" + UUID.randomUUID();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
  private TestTopics topics;
  private String topic;
  private RedisClient redisClient;
  private StatefulRedisConnection<String, String> redisConnection;
  private RedisCommands<String, String> redis;
  private String first;
  private String second;

  @BeforeAll
  void start() {
    RealServers.Endpoints servers = RealServers.get();
    topics = TestTopics.create();
    topic = topics.topic("payments.submitted", 4);
    redisClient = RedisClient.create(servers.redisUri());
    redisConnection = redisClient.connect();
    redis = redisConnection.sync();
    redis.hset(RedisKeys.API_KEYS, ApiKeyHash.of(apiKey), client);
    redis.set(RedisKeys.CACHE_READY, "1");
    first = start(Map.of());
    second = start(Map.of());
  }

  @AfterAll
  void stop() {
    apps.forEach(ConfigurableApplicationContext::close);
    if (redis != null) {
      redis.hdel(RedisKeys.API_KEYS, ApiKeyHash.of(apiKey));
      List<String> keys = redis.keys("{acct:" + client + "-*");
      if (!keys.isEmpty()) {
        redis.del(keys.toArray(String[]::new));
      }
      redisConnection.close();
      redisClient.shutdown();
    }
    if (topics != null) {
      topics.close();
    }
  }

  @Test
  void replay_isByteIdentical_andDifferentBodyIs422() throws Exception {
    String payer = account(START_BALANCE);
    String key = UUID.randomUUID().toString();
    HttpResponse<String> accepted = post(first, key, body(payer, "bob-x", 100));
    HttpResponse<String> replay = post(second, key, body(payer, "bob-x", 100));
    HttpResponse<String> different = post(first, key, body(payer, "bob-x", 101));

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(replay.statusCode()).isEqualTo(202);
    assertThat(replay.body()).isEqualTo(accepted.body());
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(different.statusCode()).isEqualTo(422);
    assertThat(different.body()).contains("idempotency-key-reused");
    assertThat(recordsFor(payer)).hasSize(1);
    assertThat(available(payer)).isEqualTo(START_BALANCE - 100);
  }

  @Test
  void fiftyConcurrentRequestsWithOneKey_onTwoInstances_makeOnePaymentAndOneHold()
      throws Exception {
    String payer = account(START_BALANCE);
    String key = UUID.randomUUID().toString();
    String body = body(payer, "bob-x", 250);
    int requests = 50;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < requests; i++) {
        String target = i % 2 == 0 ? first : second;
        answers.add(
            pool.submit(
                (Callable<HttpResponse<String>>)
                    () -> {
                      go.await();
                      return post(target, key, body);
                    }));
      }
      go.countDown();
      Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
      for (Future<HttpResponse<String>> answer : answers) {
        byStatus.merge(answer.get().statusCode(), 1, Integer::sum);
      }
      assertThat(byStatus.keySet()).isSubsetOf(202, 409);
      assertThat(byStatus.get(202)).isPositive();
    }
    assertThat(recordsFor(payer)).hasSize(1);
    assertThat(redis.hlen(RedisKeys.holds(AccountId.of(payer)))).isEqualTo(1);
    assertThat(available(payer)).isEqualTo(START_BALANCE - 250);
  }

  @Test
  void insufficientFunds_is422_andNothingIsQueued() throws Exception {
    String payer = account(50);
    HttpResponse<String> refused =
        post(first, UUID.randomUUID().toString(), body(payer, "bob-x", 51));
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("insufficient-funds");
    assertThat(refused.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");
    assertThat(recordsFor(payer)).isEmpty();
    assertThat(available(payer)).isEqualTo(50);
  }

  @Test
  void aRefusal_isFinalForItsKey_evenAfterFunding() throws Exception {
    String payer = account(50);
    String key = UUID.randomUUID().toString();
    HttpResponse<String> refused = post(first, key, body(payer, "bob-x", 51));
    assertThat(refused.statusCode()).isEqualTo(422);
    redis.hincrby(RedisKeys.balance(AccountId.of(payer)), "avail", 1_000);

    HttpResponse<String> retried = post(second, key, body(payer, "bob-x", 51));
    assertThat(retried.statusCode()).isEqualTo(422);
    assertThat(retried.body()).contains("insufficient-funds");
    assertThat(post(first, key, body(payer, "bob-x", 52)).body())
        .as("another request with the refused key")
        .contains("idempotency-key-reused");
    assertThat(recordsFor(payer)).isEmpty();
    assertThat(available(payer)).isEqualTo(1_050);
    assertThat(post(first, UUID.randomUUID().toString(), body(payer, "bob-x", 51)).statusCode())
        .as("a new key")
        .isEqualTo(202);
  }

  @Test
  void kafkaUnreachable_is503_andTheHoldIsReleased() throws Exception {
    String broken =
        start(
            Map.of(
                "spring.kafka.bootstrap-servers",
                "127.0.0.1:" + CLOSED_PORT,
                "spring.kafka.producer.properties.max.block.ms",
                "500",
                "payflow.gateway.send-timeout-ms",
                "1000"));
    String payer = account(START_BALANCE);
    String key = UUID.randomUUID().toString();
    HttpResponse<String> answer = post(broken, key, body(payer, "bob-x", 300));

    // Refused before the record reached the producer's buffer: certainly not in Kafka.
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).contains("/problems/enqueue-failed");
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    assertThat(recordsFor(payer)).isEmpty();
    assertThat(available(payer)).isEqualTo(START_BALANCE);
    assertThat(redis.hlen(RedisKeys.holds(AccountId.of(payer)))).isZero();
    // The key is free again: a retry on a healthy instance is accepted.
    assertThat(post(first, key, body(payer, "bob-x", 300)).statusCode()).isEqualTo(202);
    assertThat(available(payer)).isEqualTo(START_BALANCE - 300);
  }

  @Test
  void redisUnreachable_answers503_andOpensTheCircuit() throws Exception {
    String broken =
        start(
            Map.of(
                "payflow.gateway.redis-uri",
                "redis://127.0.0.1:" + CLOSED_PORT,
                "payflow.gateway.redis-timeout-ms",
                "200",
                "payflow.gateway.breaker-minimum-calls",
                "20"));
    ConfigurableApplicationContext app = apps.getLast();
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> answer =
          post(broken, UUID.randomUUID().toString(), body("nobody-" + suffix, "bob-x", 1));
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    }
    assertThat(app.getBean("redisBreaker", CircuitBreaker.class).getState())
        .isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void unknownAccount_is422WhenTheCacheIsComplete_and503WhileItIsRebuilt() throws Exception {
    String readyKey = "gw-it-ready-" + suffix;
    String instance = start(Map.of("payflow.gateway.cache-ready-key", readyKey));
    String unknown = client + "-missing";
    HttpResponse<String> warming =
        post(instance, UUID.randomUUID().toString(), body(unknown, "bob-x", 1));
    assertThat(warming.statusCode()).isEqualTo(503);
    assertThat(warming.body()).contains("balance-cache-warming");
    assertThat(warming.headers().firstValue("Retry-After")).isPresent();
    redis.set(readyKey, "1");
    try {
      HttpResponse<String> unknownAnswer =
          post(instance, UUID.randomUUID().toString(), body(unknown, "bob-x", 1));
      assertThat(unknownAnswer.statusCode()).isEqualTo(422);
      assertThat(unknownAnswer.body()).contains("unknown-account");
    } finally {
      redis.del(readyKey);
    }
  }

  @Test
  void authentication_401_and_foreignAccount_403() throws Exception {
    String payer = account(START_BALANCE);
    HttpResponse<String> noKey =
        send(
            HttpRequest.newBuilder(uri(first, "/api/v1/payments"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "k")
                .POST(HttpRequest.BodyPublishers.ofString(body(payer, "bob-x", 1)))
                .build());
    assertThat(noKey.statusCode()).isEqualTo(401);
    String foreignBalance = RedisKeys.balance(AccountId.of(client + "-foreign"));
    redis.hset(
        foreignBalance,
        Map.of("avail", "1000", "cur", "EUR", "owner", "someone-else", "status", "OPEN"));
    HttpResponse<String> foreign =
        post(first, UUID.randomUUID().toString(), body(client + "-foreign", "bob-x", 1));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(redis.hget(foreignBalance, "avail")).isEqualTo("1000");
  }

  @Test
  void twoIdempotencyKeys_are400_andNothingIsHeldOrQueued() throws Exception {
    String payer = account(START_BALANCE);
    HttpResponse<String> ambiguous =
        send(
            HttpRequest.newBuilder(uri(first, "/api/v1/payments"))
                .header("X-Api-Key", apiKey)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(payer, "bob-x", 100)))
                .build());

    assertThat(ambiguous.statusCode()).isEqualTo(400);
    assertThat(ambiguous.body()).contains("/problems/ambiguous-idempotency-key");
    assertThat(ambiguous.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");
    assertThat(available(payer)).isEqualTo(START_BALANCE);
    assertThat(recordsFor(payer)).isEmpty();
  }

  @Test
  void unauthenticatedMalformedBody_is401_withoutValidationDetails() throws Exception {
    for (String key : new String[] {null, "wrong-" + UUID.randomUUID()}) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri(first, "/api/v1/payments"))
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"payer\": 1, \"amount\": \"x\""));
      if (key != null) {
        request.header("X-Api-Key", key);
      }
      HttpResponse<String> answer = send(request.build());

      assertThat(answer.statusCode()).as("key %s", key).isEqualTo(401);
      assertThat(answer.body())
          .contains("/problems/unauthorized")
          .doesNotContain("malformed")
          .doesNotContain("payer")
          .doesNotContain("amount");
    }
  }

  @Test
  void rateLimitPerClient_answers429WithRetryAfter() throws Exception {
    String limited = start(Map.of("payflow.gateway.client-rate-limit-per-second", "3"));
    String payer = account(START_BALANCE);
    Map<Integer, Integer> byStatus = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> answer =
          post(limited, UUID.randomUUID().toString(), body(payer, "bob-x", 1));
      byStatus.merge(answer.statusCode(), 1, Integer::sum);
      if (answer.statusCode() == 429) {
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(byStatus.get(429)).isPositive();
  }

  @Test
  void everyBadInput_is4xxProblemJson_andChangesNothing() throws Exception {
    String payer = account(START_BALANCE);
    String ok = body(payer, "bob-x", 10);
    List<String> badBodies =
        List.of(
            "",
            "{",
            "[]",
            "null",
            "{\"payer\":1}",
            ok.replace("\"value\":10", "\"value\":0"),
            ok.replace("\"value\":10", "\"value\":-5"),
            ok.replace("\"value\":10", "\"value\":1.5"),
            ok.replace("\"value\":10", "\"value\":\"10\""),
            ok.replace("\"value\":10", "\"value\":99999999999999999999"),
            ok.replace("EUR", "XYZ"),
            ok.replace("EUR", "eur"),
            ok.replace("bob-x", payer),
            ok.replace("\"reference\":\"it\"", "\"reference\":\"" + "r".repeat(141) + "\""),
            ok.replace("\"reference\":\"it\"", "\"reference\":\"a\\u0000b\""),
            ok.replace("}", ",\"unknown\":true}"),
            ok.replace("bob-x", "bob x"),
            "{\"payee\":\"bob-x\",\"amount\":{\"value\":10,\"currency\":\"EUR\"}}");
    long before = recordsFor(payer).size();
    for (String bad : badBodies) {
      HttpResponse<String> answer = post(first, UUID.randomUUID().toString(), bad);
      assertThat(answer.statusCode()).as("body %s", bad).isBetween(400, 499);
      assertThat(answer.headers().firstValue("Content-Type"))
          .as("body %s", bad)
          .get()
          .asString()
          .contains("application/problem+json");
    }
    HttpResponse<String> longKey = post(first, "k".repeat(256), ok);
    assertThat(longKey.statusCode()).isEqualTo(400);
    HttpResponse<String> wrongType =
        send(
            HttpRequest.newBuilder(uri(first, "/api/v1/payments"))
                .header("X-Api-Key", apiKey)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(ok))
                .build());
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(recordsFor(payer)).hasSize((int) before);
    assertThat(available(payer)).isEqualTo(START_BALANCE);
    assertThat(redis.hlen(RedisKeys.holds(AccountId.of(payer)))).isZero();
  }

  // --- helpers ---------------------------------------------------------------------------

  private String start(Map<String, String> overrides) {
    RealServers.Endpoints servers = RealServers.get();
    Map<String, String> properties =
        new HashMap<>(
            Map.of(
                "server.port",
                "0",
                "spring.kafka.bootstrap-servers",
                servers.kafkaBootstrap(),
                "payflow.gateway.redis-uri",
                servers.redisUri(),
                "payflow.gateway.submitted-topic",
                topic));
    properties.putAll(overrides);
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(GatewayApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    apps.add(app);
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    return "http://127.0.0.1:" + port;
  }

  private String account(long available) {
    String id = client + "-" + UUID.randomUUID().toString().substring(0, 8);
    redis.hset(
        RedisKeys.balance(AccountId.of(id)),
        Map.of("avail", Long.toString(available), "cur", "EUR", "owner", client, "status", "OPEN"));
    return id;
  }

  private long available(String account) {
    return Long.parseLong(redis.hget(RedisKeys.balance(AccountId.of(account)), "avail"));
  }

  private static String body(String payer, String payee, long value) {
    return "{\"payer\":\""
        + payer
        + "\",\"payee\":\""
        + payee
        + "\",\"amount\":{\"value\":"
        + value
        + ",\"currency\":\"EUR\"},\"reference\":\"it\"}";
  }

  private static URI uri(String base, String path) {
    return URI.create(base + path);
  }

  private HttpResponse<String> post(String base, String idempotencyKey, String body)
      throws Exception {
    return send(
        HttpRequest.newBuilder(uri(base, "/api/v1/payments"))
            .header("X-Api-Key", apiKey)
            .header("Idempotency-Key", idempotencyKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Every record on the test topic whose payer is {@code payer} (reads the whole topic). */
  private List<PaymentSubmitted> recordsFor(String payer) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<PaymentSubmitted> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          PaymentSubmitted event = EventJson.read(record.value(), PaymentSubmitted.class);
          if (event.payer().value().equals(payer)) {
            found.add(event);
          }
        }
      }
    }
    return found;
  }
}
