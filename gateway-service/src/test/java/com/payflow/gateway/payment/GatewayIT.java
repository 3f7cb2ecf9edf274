package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.gateway.GatewayApplication;
import com.payflow.observability.RequestIds;
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
import java.nio.charset.StandardCharsets;
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
import java.util.function.Consumer;
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

  // The Kafka check's bound (management.health.kafka.timeout, 1 s) plus slack for a busy machine.
  private static final Duration HEALTH_ANSWERED_WITHIN = Duration.ofSeconds(3);

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

  /** A client's requests per second in the rate-limit test; its burst sent to two instances. */
  private static final int RATE_LIMIT = 5;

  private static final int RATE_LIMITED_REQUESTS = 30;
  private static final int WARM_UP_REQUESTS = 4;

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

    // The broken instance leaves the Service (readiness DOWN, answered within the check's bound)
    // and is not restarted (liveness UP); the healthy one is ready.
    HttpResponse<String> notReady = timedGet(broken, "/actuator/health/readiness");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("\"kafka\":{\"status\":\"DOWN\"");
    HttpResponse<String> alive = timedGet(broken, "/actuator/health/liveness");
    assertThat(alive.statusCode()).isEqualTo(200);
    assertThat(alive.body()).contains("\"UP\"");
    assertThat(awaitReady(first).body()).contains("\"UP\"").contains("\"kafka\"");
  }

  @Test
  void requestId_travelsWithThePaymentInOneKafkaHeader() throws Exception {
    String payer = account(START_BALANCE);
    String requestId = "it-" + UUID.randomUUID();
    HttpResponse<String> accepted =
        send(
            HttpRequest.newBuilder(uri(first, "/api/v1/payments"))
                .header("X-Api-Key", apiKey)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .header(RequestIds.HEADER, requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body(payer, "bob-x", 10)))
                .build());
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.headers().firstValue(RequestIds.HEADER)).contains(requestId);

    // Called without one (not through Nginx): the gateway's own id, answered and sent on.
    HttpResponse<String> direct =
        post(second, UUID.randomUUID().toString(), body(payer, "b-y", 20));
    assertThat(direct.statusCode()).isEqualTo(202);
    String generated = direct.headers().firstValue(RequestIds.HEADER).orElseThrow();

    assertThat(requestIdHeadersFor(payer))
        .containsExactlyInAnyOrder(List.of(requestId), List.of(generated));
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
  void rateLimitPerClient_isGlobalAcrossInstances_andAnswers429WithRetryAfter() throws Exception {
    // A client of its own, so its budget is not shared with the other tests' requests.
    String limitedClient = "limited-" + UUID.randomUUID().toString().substring(0, 8);
    String limitedKey = "key-" + UUID.randomUUID();
    redis.hset(RedisKeys.API_KEYS, ApiKeyHash.of(limitedKey), limitedClient);
    String payer = limitedClient + "-payer";
    redis.hset(
        RedisKeys.balance(AccountId.of(payer)),
        Map.of(
            "avail",
            Long.toString(START_BALANCE),
            "cur",
            "EUR",
            "owner",
            limitedClient,
            "status",
            "OPEN"));
    Map<String, String> limit =
        Map.of("payflow.gateway.client-rate-limit-per-second", Integer.toString(RATE_LIMIT));
    List<String> instances = List.of(start(limit), start(limit));
    // Warm both instances up with another client's budget, so the burst below is short.
    String warmUpPayer = account(START_BALANCE);
    for (int i = 0; i < WARM_UP_REQUESTS; i++) {
      post(instances.get(i % 2), UUID.randomUUID().toString(), body(warmUpPayer, "bob-x", 1));
    }
    long started = System.nanoTime();
    // All at once, half to each instance: the burst is over long before the bucket refills.
    List<HttpResponse<String>> answers = new ArrayList<>();
    try (var burst = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < RATE_LIMITED_REQUESTS; i++) {
        String instance = instances.get(i % 2);
        sent.add(
            burst.submit(
                () ->
                    send(
                        HttpRequest.newBuilder(uri(instance, "/api/v1/payments"))
                            .header("X-Api-Key", limitedKey)
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body(payer, "bob-x", 1)))
                            .build())));
      }
      for (var answer : sent) {
        answers.add(answer.get());
      }
    }
    Map<Integer, Integer> byStatus = new HashMap<>();
    for (HttpResponse<String> answer : answers) {
      byStatus.merge(answer.statusCode(), 1, Integer::sum);
      if (answer.statusCode() == 429) {
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).contains("/problems/rate-limited");
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // One bucket for both instances: its capacity plus what it refilled meanwhile. Per-instance
    // limits would let through twice the capacity.
    long allowed = RATE_LIMIT + (long) Math.ceil(RATE_LIMIT * seconds);
    int passed = RATE_LIMITED_REQUESTS - byStatus.getOrDefault(429, 0);
    assertThat(passed)
        .as("answers other than 429 in %.2f s: %s", seconds, byStatus)
        .isLessThanOrEqualTo((int) allowed)
        .isGreaterThanOrEqualTo(RATE_LIMIT);
    assertThat(byStatus.get(429)).isPositive();
    System.out.printf(
        "global rate limit: %s in %.2f s (at most %d allowed)%n", byStatus, seconds, allowed);
    redis.hdel(RedisKeys.API_KEYS, ApiKeyHash.of(limitedKey));
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
                topic,
                // Names the readiness group's members in the answer (the services show status
                // only).
                "management.endpoint.health.show-components",
                "always"));
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

  private HttpResponse<String> timedGet(String base, String path) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(base, path)).GET().build());
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("%s answered within the checks' bound", path)
        .isLessThan(HEALTH_ANSWERED_WITHIN);
    return answer;
  }

  /** The readiness of {@code base} once UP (the first Kafka check of a new instance may lag). */
  private HttpResponse<String> awaitReady(String base) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> answer = timedGet(base, "/actuator/health/readiness");
    while (answer.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      answer = timedGet(base, "/actuator/health/readiness");
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer;
  }

  /** The request id headers of every record on the test topic whose payer is {@code payer}. */
  private List<List<String>> requestIdHeadersFor(String payer) {
    List<List<String>> found = new ArrayList<>();
    readTopic(
        record -> {
          if (EventJson.read(record.value(), PaymentSubmitted.class)
              .payer()
              .value()
              .equals(payer)) {
            List<String> values = new ArrayList<>();
            record
                .headers()
                .headers(RequestIds.HEADER)
                .forEach(h -> values.add(new String(h.value(), StandardCharsets.US_ASCII)));
            found.add(values);
          }
        });
    return found;
  }

  /** Every record on the test topic whose payer is {@code payer} (reads the whole topic). */
  private List<PaymentSubmitted> recordsFor(String payer) {
    List<PaymentSubmitted> found = new ArrayList<>();
    readTopic(
        record -> {
          PaymentSubmitted event = EventJson.read(record.value(), PaymentSubmitted.class);
          if (event.payer().value().equals(payer)) {
            found.add(event);
          }
        });
    return found;
  }

  private void readTopic(Consumer<ConsumerRecord<String, byte[]>> each) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
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
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
