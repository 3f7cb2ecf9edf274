package com.payflow.gateway.system;

import com.payflow.web.problem.ProblemTypes;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.lettuce.core.RedisException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;

/**
 * What the gateway answers for each kind of failure, and the problem+json layout of the answer (RFC
 * 9457). Spring MVC's handlers ({@link ProblemResponses}) and the submission route, which writes
 * its response itself, both come here, so a refusal reads the same on every route.
 */
public final class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /**
   * The problem a failure is answered with. Unexpected failures are logged here, once, and answered
   * without their details.
   */
  public static ApiProblem of(RuntimeException failure, long retryAfterSeconds) {
    return switch (failure) {
      case ApiProblem problem -> problem;
      case CallNotPermittedException open -> unavailable(retryAfterSeconds);
      case RedisException redis -> {
        // An open breaker refuses thousands of calls a second: its state is the exported
        // resilience4j_circuitbreaker_state (dashboard); the failures that opened it are logged.
        log.warn("intake unavailable: {}", redis.toString());
        yield unavailable(retryAfterSeconds);
      }
      case JacksonException unreadable -> malformed(RequestBodyErrors.describe(unreadable));
      default -> {
        log.error("unexpected error", failure);
        yield new ApiProblem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal-error",
            "Internal error",
            "an unexpected error occurred; nothing was acknowledged");
      }
    };
  }

  /** A body that is not a payment request; {@code detail} never echoes the input. */
  public static ApiProblem malformed(String detail) {
    return new ApiProblem(
        HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body", detail);
  }

  /**
   * Redis (or its breaker) failed before anything was sent to Kafka: this request queued nothing.
   * It cannot undo an earlier attempt with the same key, hence the wording.
   */
  static ApiProblem unavailable(long retryAfterSeconds) {
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "temporarily-unavailable",
        "Temporarily unavailable",
        "this request was not accepted and queued nothing; retry"
            + " later with the same Idempotency-Key (an earlier attempt with the key, if any,"
            + " keeps its own outcome)",
        Map.of(),
        retryAfterSeconds);
  }

  /** The members of the problem+json body, in the order RFC 9457 lists them. */
  public static Map<String, Object> body(ApiProblem problem, String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", ProblemTypes.of(problem.kind()));
    body.put("title", problem.title());
    body.put("status", problem.status().value());
    body.put("detail", problem.getMessage());
    body.put("instance", instance);
    problem.properties().forEach(body::putIfAbsent);
    return body;
  }
}
