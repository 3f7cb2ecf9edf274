package com.payflow.transaction.dashboard;

import com.payflow.contracts.event.DeadLetterTopics;
import com.payflow.contracts.payment.TxId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /dashboard}: the page (static, {@code static/dashboard/}), the login, the stream and the
 * operator actions. Every path is behind {@link DashboardLoginFilter} except the login and the
 * assets.
 */
@RestController
@ConditionalOnProperty(
    name = "payflow.dashboard.enabled",
    havingValue = "true",
    matchIfMissing = true)
class DashboardController {

  private final DashboardSession session;
  private final DashboardStream stream;
  private final OperatorActions actions;
  private final PaymentDetails payments;
  private final DashboardProperties properties;
  private final Clock clock;

  DashboardController(
      DashboardSession session,
      DashboardStream stream,
      OperatorActions actions,
      PaymentDetails payments,
      DashboardProperties properties,
      Clock clock) {
    this.session = session;
    this.stream = stream;
    this.actions = actions;
    this.payments = payments;
    this.properties = properties;
    this.clock = clock;
  }

  @GetMapping("/dashboard")
  ResponseEntity<Void> root() {
    return redirect("/dashboard/");
  }

  @GetMapping(value = "/dashboard/", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<org.springframework.core.io.Resource> page() {
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_HTML)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(new org.springframework.core.io.ClassPathResource("static/dashboard/index.html"));
  }

  @GetMapping(value = "/dashboard/login", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<org.springframework.core.io.Resource> loginPage() {
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_HTML)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(new org.springframework.core.io.ClassPathResource("static/dashboard/login.html"));
  }

  /** The login form posts the operator API key; a wrong key comes back to the form. */
  @PostMapping(value = "/dashboard/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<Void> login(
      @RequestParam(name = "key", required = false) String key, HttpServletRequest request)
      throws InterruptedException {
    if (!session.isOperatorKey(key == null ? null : key.strip())) {
      Thread.sleep(300); // slows guessing; keys are 192-bit random anyway
      return redirect("/dashboard/login?failed");
    }
    Duration ttl = Duration.ofMinutes(properties.sessionTtlMinutes());
    String value = session.seal(key.strip(), clock.millis() + ttl.toMillis());
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .location(java.net.URI.create("/dashboard/"))
        .header(HttpHeaders.SET_COOKIE, cookie(value, ttl, request).toString())
        .build();
  }

  @PostMapping("/dashboard/logout")
  ResponseEntity<Void> logout(HttpServletRequest request) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .location(java.net.URI.create("/dashboard/login"))
        .header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO, request).toString())
        .build();
  }

  /** 200 while logged in (the filter answers 401 otherwise): the page asks before reconnecting. */
  @GetMapping("/dashboard/api/session")
  Map<String, Object> sessionState() {
    return Map.of("operator", true, "subscribers", stream.subscribers());
  }

  @GetMapping(value = "/dashboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(HttpServletResponse response) {
    // Nginx buffers proxied responses by default; an event stream must pass through at once.
    response.setHeader("X-Accel-Buffering", "no");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    return stream.subscribe();
  }

  @PostMapping("/dashboard/api/verify")
  ResponseEntity<OperatorActions.Verification> verify() {
    boolean started = actions.startVerification();
    return ResponseEntity.status(started ? HttpStatus.ACCEPTED : HttpStatus.CONFLICT)
        .body(actions.verification());
  }

  @PostMapping("/dashboard/api/dead-letters/replay")
  ResponseEntity<OperatorActions.Replay> replay(
      @RequestParam String topic, HttpServletRequest request) {
    if (properties.deadLetterTopics().stream()
        .noneMatch(dlt -> dlt.equals(DeadLetterTopics.of(topic)))) {
      return ResponseEntity.badRequest()
          .body(
              new OperatorActions.Replay(
                  topic,
                  "failed",
                  null,
                  "no dead-letter topic " + topic + ".DLT is configured",
                  clock.instant()));
    }
    String operatorKey = (String) request.getAttribute(DashboardLoginFilter.OPERATOR_KEY);
    OperatorActions.Replay result = actions.replay(topic, operatorKey);
    return ResponseEntity.status(
            "done".equals(result.state()) ? HttpStatus.OK : HttpStatus.BAD_GATEWAY)
        .body(result);
  }

  @GetMapping("/dashboard/api/payments/{id}")
  ResponseEntity<Map<String, Object>> payment(
      @PathVariable String id, @RequestParam(required = false) Integer shard) {
    TxId txId;
    try {
      txId = TxId.parse(id);
    } catch (IllegalArgumentException malformed) {
      return ResponseEntity.badRequest().body(Map.of("detail", "transaction id must be a UUID"));
    }
    Map<String, Object> detail = payments.detail(txId, shard);
    return detail == null
        ? ResponseEntity.status(HttpStatus.NOT_FOUND)
            .body(Map.of("detail", "no shard has transaction " + id))
        : ResponseEntity.ok(detail);
  }

  private static ResponseEntity<Void> redirect(String location) {
    return ResponseEntity.status(HttpStatus.FOUND).location(java.net.URI.create(location)).build();
  }

  private static ResponseCookie cookie(String value, Duration ttl, HttpServletRequest request) {
    boolean https =
        "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto")) || request.isSecure();
    return ResponseCookie.from(DashboardSession.COOKIE, value)
        .httpOnly(true)
        .secure(https)
        .sameSite("Strict")
        .path("/dashboard")
        .maxAge(ttl)
        .build();
  }
}
