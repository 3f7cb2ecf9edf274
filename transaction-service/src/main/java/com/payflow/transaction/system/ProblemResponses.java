package com.payflow.transaction.system;

import com.payflow.web.problem.ProblemTypes;
import io.lettuce.core.RedisException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error as RFC 9457 problem+json. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  private static final String RETRY_AFTER_SECONDS = "1";

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    body.setType(URI.create(ProblemTypes.of(problem.kind())));
    ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
    if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
      // Every 503 here is transient (busy, Kafka or a shard unreachable, settlement behind).
      response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return response.body(body);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> invalid(IllegalArgumentException invalid) {
    return apiProblem(
        new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-field", invalid.getMessage()));
  }

  /**
   * Redis slow, paused or down: the cached part of an answer (available balance, payment status)
   * cannot be read now. Transient, so 503 + Retry-After rather than an internal error.
   */
  @ExceptionHandler(RedisException.class)
  ResponseEntity<ProblemDetail> redisUnavailable(RedisException failed) {
    log.warn("redis unavailable for a request: {}", failed.toString());
    return apiProblem(
        new ApiProblem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "temporarily-unavailable",
            "the balance cache did not answer in time; retry shortly"));
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<ProblemDetail> unexpected(RuntimeException unexpected) {
    log.error("unexpected error", unexpected);
    return apiProblem(
        new ApiProblem(
            HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "an unexpected error occurred"));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      org.springframework.http.HttpHeaders headers,
      org.springframework.http.HttpStatusCode status,
      org.springframework.web.context.request.WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "body is missing or not valid JSON");
    body.setType(URI.create(ProblemTypes.of("malformed-request")));
    return ResponseEntity.badRequest().body(body);
  }
}
