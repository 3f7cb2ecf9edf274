package com.payflow.ledger.system;

import com.payflow.web.problem.ProblemTypes;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every error into RFC 9457 problem+json; unexpected ones are logged, never leaked. */
@RestControllerAdvice
class ProblemResponses {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
    ProblemDetail body =
        detail(problem.status(), problem.kind(), problem.title(), problem.getMessage());
    problem.properties().forEach(body::setProperty);
    return ResponseEntity.status(problem.status()).body(body);
  }

  @ExceptionHandler({
    MethodArgumentTypeMismatchException.class,
    MissingServletRequestParameterException.class
  })
  ResponseEntity<ProblemDetail> badParameter(Exception bad) {
    return ResponseEntity.badRequest()
        .body(
            detail(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "Invalid parameter",
                bad.getMessage()));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException missing) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(
            detail(
                HttpStatus.NOT_FOUND,
                "not-found",
                "Not found",
                "no resource " + missing.getResourcePath()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception failed) {
    log.error("unexpected error", failed);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(
            detail(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "the ledger could not answer; see the service log"));
  }

  private static ProblemDetail detail(HttpStatus status, String kind, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(ProblemTypes.of(kind)));
    body.setTitle(title);
    return body;
  }
}
