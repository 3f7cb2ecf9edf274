package com.payflow.transaction.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's full verification against a stub ledger-service: it is operator-only there, so
 * the session's operator key must go with it, and a refusal must say why.
 */
class OperatorActionsTest {

  private static final String KEY = "op-session-key";

  private HttpServer ledger;
  private final BlockingQueue<String> keysSeen = new LinkedBlockingQueue<>();

  @AfterEach
  void stop() {
    RequestContextHolder.resetRequestAttributes();
    if (ledger != null) {
      ledger.stop(0);
    }
  }

  @Test
  void theSessionsOperatorKeyGoesWithTheVerification() throws Exception {
    OperatorActions actions =
        actions(
            200,
            """
        {"valid":true,"headHeight":12,"transactionsChecked":34,"problems":[]}""");
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/dashboard/api/verify");
    request.setAttribute(DashboardLoginFilter.OPERATOR_KEY, KEY);
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));

    assertThat(actions.startVerification()).isTrue();
    OperatorActions.Verification done = awaitFinished(actions);
    assertThat(keysSeen.poll()).isEqualTo(KEY);
    assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo("done");
    assertThat(done.valid()).isTrue();
    assertThat(done.report()).containsEntry("headHeight", 12);
  }

  @Test
  void aRefusedKeyAndARunningVerificationAreReportedWithTheLedgersReason() throws Exception {
    OperatorActions refused =
        actions(
            403,
            """
        {"type":"https://payflow.dev/problems/forbidden","status":403,\
        "detail":"full verification is for the operator only"}""");
    assertThat(refused.startVerification(KEY)).isTrue();
    OperatorActions.Verification failed = awaitFinished(refused);
    assertThat(failed.state()).isEqualTo("failed");
    assertThat(failed.error())
        .contains("HTTP 403", "operator's", "full verification is for the operator only");
    ledger.stop(0);

    OperatorActions busy =
        actions(
            409,
            """
        {"type":"https://payflow.dev/problems/verification-running","status":409,\
        "detail":"a full verification started at 2026-12-03T21:00:00Z is still running"}""");
    assertThat(busy.startVerification(KEY)).isTrue();
    assertThat(awaitFinished(busy).error())
        .contains("HTTP 409", "already running", "GET /api/v1/chain/verification", "still running");
  }

  @Test
  void withoutAnOperatorKeyNothingIsSentAndItFailsAtOnce() throws Exception {
    OperatorActions actions = actions(200, "{\"valid\":true}");
    // No request being served (and so no session key) is the same as no key.
    assertThat(actions.startVerification()).isTrue();
    OperatorActions.Verification failed = actions.verification();
    assertThat(failed.state()).isEqualTo("failed");
    assertThat(failed.error()).contains("no operator key");
    assertThat(keysSeen).isEmpty();
    // A failed run does not block the next one.
    assertThat(actions.startVerification(KEY)).isTrue();
    assertThat(awaitFinished(actions).state()).isEqualTo("done");
    assertThat(keysSeen.poll()).isEqualTo(KEY);
  }

  private OperatorActions actions(int status, String body) throws Exception {
    ledger = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ledger.createContext(
        "/api/v1/chain/verify",
        exchange -> {
          String key = exchange.getRequestHeaders().getFirst("X-Api-Key");
          keysSeen.add(key == null ? "(none)" : key);
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    ledger.start();
    String url = "http://127.0.0.1:" + ledger.getAddress().getPort();
    DashboardProperties properties =
        new DashboardProperties(
            true,
            1000,
            900,
            "127.0.0.1",
            "",
            "",
            url,
            url,
            url,
            url,
            1500,
            1000,
            1000,
            500,
            5000,
            0,
            2000,
            15_000,
            500,
            List.of(),
            "payments.submitted",
            List.of(),
            5,
            480,
            "",
            10_000,
            100);
    return new OperatorActions(properties, JsonMapper.builder().build(), Clock.systemUTC());
  }

  private static OperatorActions.Verification awaitFinished(OperatorActions actions)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      OperatorActions.Verification current = actions.verification();
      if (!"running".equals(current.state())) {
        return current;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the verification did not finish within 10 s");
  }
}
