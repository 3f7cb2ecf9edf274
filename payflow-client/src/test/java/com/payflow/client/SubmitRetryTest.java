package com.payflow.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's own retry logic against a local HTTP stub that plays scripted answers (the platform
 * itself is tested in PayflowClientIT): same key on every attempt, bounded attempts, Retry-After
 * honoured, and never a refusal once an answer was ambiguous.
 */
class SubmitRetryTest {

  private static final String TX = "43afdc59-6b11-8fa0-a03b-7c875f952c0b";
  private static final String ACCEPTED =
      "{\"transactionId\":\""
          + TX
          + "\",\"status\":\"ACCEPTED\",\"statusUrl\":\"/api/v1/payments/"
          + TX
          + "\"}";
  private static final RetryPolicy FOUR_ATTEMPTS =
      new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), 0.2);
  private static final PaymentRequest PAYMENT =
      new PaymentRequest(
          AccountId.of("alice-main"), AccountId.of("bob-main"), Money.of(1250, "EUR"), "test");

  private record Scripted(int status, String body, String retryAfter) {}

  private final Deque<Scripted> script = new ArrayDeque<>();
  private final List<String> keysSeen = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> waits = new ArrayList<>();
  private HttpServer server;
  private PayflowClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/payments",
        exchange -> {
          keysSeen.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
          Scripted answer = script.size() > 1 ? script.poll() : script.peek();
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add(
                  "Content-Type",
                  answer.status() == 202 ? "application/json" : "application/problem+json");
          if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
          }
          exchange.sendResponseHeaders(answer.status(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    client =
        PayflowClient.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .apiKey("test-key")
            .retries(FOUR_ATTEMPTS)
            .sleeper(waits::add)
            .build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(int status, String kind, String retryAfter) {
    String body =
        kind == null
            ? ACCEPTED
            : "{\"type\":\"https://payflow.dev/problems/"
                + kind
                + "\",\"title\":\"t\",\"status\":"
                + status
                + ",\"detail\":\"d\",\"transactionId\":\""
                + TX
                + "\"}";
    script.add(new Scripted(status, body, retryAfter));
  }

  @Test
  void outcomeUnknownTwice_thenAccepted_withOneKeyAndTheServersRetryAfter() {
    answer(503, "outcome-unknown", "1");
    answer(503, "outcome-unknown", "1");
    answer(202, null, null);

    SubmitResult result = client.submit(PAYMENT, "key-1");

    assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
    assertThat(((SubmitResult.Accepted) result).txId().toString()).isEqualTo(TX);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(keysSeen).containsExactly("key-1", "key-1", "key-1");
    assertThat(waits)
        .hasSize(2)
        .allSatisfy(
            wait -> assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1200)));
  }

  @Test
  void aRefusalOnTheFirstAttempt_isRefused_typed() {
    answer(422, "insufficient-funds", null);

    SubmitResult result = client.submit(PAYMENT, "key-2");

    assertThat(result).isInstanceOf(SubmitResult.Refused.class);
    assertThat(((SubmitResult.Refused) result).problem().kind())
        .isEqualTo(ProblemKind.INSUFFICIENT_FUNDS);
    assertThat(keysSeen).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aRefusalAfterAnAmbiguousAnswer_isNeverReportedAsARefusal() {
    answer(504, "upstream-timeout", null);
    answer(422, "insufficient-funds", null);

    SubmitResult result = client.submit(PAYMENT, "key-3");

    assertThat(result).isInstanceOf(SubmitResult.OutcomeUnknown.class);
    SubmitResult.OutcomeUnknown unknown = (SubmitResult.OutcomeUnknown) result;
    assertThat(unknown.mayHaveBeenQueued()).isTrue();
    assertThat(unknown.idempotencyKey()).isEqualTo("key-3");
    assertThat(keysSeen).containsExactly("key-3", "key-3");
  }

  @Test
  void theBudgetIsBounded_andSaysWhetherAnythingMayHaveBeenQueued() {
    answer(503, "outcome-unknown", null);
    SubmitResult maybe = client.submit(PAYMENT, "key-4");
    assertThat(keysSeen).hasSize(FOUR_ATTEMPTS.maxAttempts());
    assertThat(maybe)
        .isEqualTo(
            new SubmitResult.OutcomeUnknown(
                "key-4", true, "503 outcome-unknown: d", FOUR_ATTEMPTS.maxAttempts()));

    script.clear();
    keysSeen.clear();
    answer(503, "enqueue-failed", null);
    SubmitResult notQueued = client.submit(PAYMENT, "key-5");
    assertThat(keysSeen).hasSize(FOUR_ATTEMPTS.maxAttempts()).containsOnly("key-5");
    assertThat(((SubmitResult.OutcomeUnknown) notQueued).mayHaveBeenQueued()).isFalse();
  }

  @Test
  void withoutRetryAfter_backoffDoublesAndStaysUnderTheCap() {
    answer(429, "rate-limited", null);

    client.submit(PAYMENT, "key-6");

    assertThat(waits).hasSize(FOUR_ATTEMPTS.maxAttempts() - 1);
    assertThat(waits.get(0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
    assertThat(waits.get(2)).isBetween(Duration.ofMillis(320), Duration.ofMillis(480));
    assertThat(waits)
        .allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(2)));
  }

  @Test
  void anUnknownProblemType_staysReadable() {
    script.add(
        new Scripted(
            422,
            "{\"type\":\"https://example.com/new-kind\",\"title\":\"New\",\"status\":422,"
                + "\"detail\":\"something new\",\"field\":\"x\"}",
            null));

    SubmitResult result = client.submit(PAYMENT, "key-7");

    Problem problem = ((SubmitResult.Refused) result).problem();
    assertThat(problem.kind()).isEqualTo(ProblemKind.UNRECOGNISED);
    assertThat(problem.type()).isEqualTo("https://example.com/new-kind");
    assertThat(problem.detail()).isEqualTo("something new");
    assertThat(problem.extension("field")).isEqualTo("x");
  }
}
