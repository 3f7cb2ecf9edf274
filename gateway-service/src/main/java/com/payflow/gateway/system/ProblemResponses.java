package com.payflow.gateway.system;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.lettuce.core.RedisException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every error into RFC 9457 problem+json; unexpected ones are logged, never leaked. */
@RestControllerAdvice
class ProblemResponses {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  private final GatewayProperties properties;

  ProblemResponses(GatewayProperties properties) {
    this.properties = properties;
  }

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
    ProblemDetail body = detail(problem.status(), problem.kind(), problem.title(),
        problem.getMessage());
    problem.properties().forEach(body::setProperty);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.retryAfterSeconds() != null) {
      response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds().toString());
    }
    return response.body(body);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException unreadable) {
    return plain(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body",
        RequestBodyErrors.describe(unreadable));
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException missing) {
    return plain(HttpStatus.BAD_REQUEST, "missing-header", "Required header missing",
        "header " + missing.getHeaderName() + " is required");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException unsupported) {
    return plain(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
        "Unsupported content type", "send Content-Type: application/json");
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException notAcceptable) {
    return plain(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
        "this API answers application/json and application/problem+json only");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException wrongMethod) {
    return plain(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
        wrongMethod.getMethod() + " is not supported here");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> badPathValue(MethodArgumentTypeMismatchException mismatch) {
    return plain(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
        mismatch.getName() + " is not valid");
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NoResourceFoundException missing) {
    return plain(HttpStatus.NOT_FOUND, "not-found", "Not found", "no such resource");
  }

  // The in-flight limit refuses before MVC is reached (IntakeAdmissionFilter).
  @ExceptionHandler({CallNotPermittedException.class, RedisException.class})
  ResponseEntity<ProblemDetail> unavailable(RuntimeException overloaded) {
    if (!(overloaded instanceof CallNotPermittedException)) {
      // An open breaker refuses thousands of calls a second: its state is the exported
      // resilience4j_circuitbreaker_state (dashboard); the failures that opened it are logged.
      log.warn("intake unavailable: {}", overloaded.toString());
    }
    // Redis (or its breaker) failed before anything was sent to Kafka: this request queued
    // nothing. It cannot undo an earlier attempt with the same key, hence the wording.
    ProblemDetail body = detail(HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable",
        "Temporarily unavailable", "this request was not accepted and queued nothing; retry"
            + " later with the same Idempotency-Key (an earlier attempt with the key, if any,"
            + " keeps its own outcome)");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfterSeconds()))
        .body(body);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception unexpected) {
    log.error("unexpected error", unexpected);
    return plain(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
        "an unexpected error occurred; nothing was acknowledged");
  }

  private static ResponseEntity<ProblemDetail> plain(HttpStatus status, String kind,
      String title, String detail) {
    // The content type is set, not negotiated: a client whose Accept excludes JSON still gets
    // a readable problem instead of a second failure (a 500).
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(detail(status, kind, title, detail));
  }

  static ProblemDetail detail(HttpStatusCode status, String kind, String title,
      String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(ApiProblem.TYPE_BASE + kind));
    body.setTitle(title);
    return body;
  }
}
