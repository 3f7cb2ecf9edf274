package com.payflow.gateway.system;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.lettuce.core.RedisException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

/**
 * Turns every error of the Spring MVC routes into RFC 9457 problem+json ({@link Problems} decides
 * the answer and its layout); unexpected ones are logged, never leaked.
 */
@RestControllerAdvice
class ProblemResponses {

  private final GatewayProperties properties;

  ProblemResponses(GatewayProperties properties) {
    this.properties = properties;
  }

  @ExceptionHandler({ApiProblem.class, CallNotPermittedException.class, RedisException.class})
  ResponseEntity<Map<String, Object>> problem(
      RuntimeException failure, HttpServletRequest request) {
    return render(Problems.of(failure, properties.retryAfterSeconds()), request);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(
      HttpMessageNotReadableException unreadable, HttpServletRequest request) {
    return render(
        Problems.malformed(RequestBodyErrors.describe(unreadable.getMostSpecificCause())), request);
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<Map<String, Object>> missingHeader(
      MissingRequestHeaderException missing, HttpServletRequest request) {
    return render(
        new ApiProblem(
            HttpStatus.BAD_REQUEST,
            "missing-header",
            "Required header missing",
            "header " + missing.getHeaderName() + " is required"),
        request);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, Object>> mediaType(
      HttpMediaTypeNotSupportedException unsupported, HttpServletRequest request) {
    return render(ApiProblem.unsupportedMediaType(), request);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<Map<String, Object>> notAcceptable(
      HttpMediaTypeNotAcceptableException notAcceptable, HttpServletRequest request) {
    return render(ApiProblem.notAcceptable(), request);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Map<String, Object>> method(
      HttpRequestMethodNotSupportedException wrongMethod, HttpServletRequest request) {
    return render(ApiProblem.methodNotAllowed(wrongMethod.getMethod()), request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, Object>> badPathValue(
      MethodArgumentTypeMismatchException mismatch, HttpServletRequest request) {
    return render(
        new ApiProblem(
            HttpStatus.BAD_REQUEST,
            "invalid-parameter",
            "Invalid parameter",
            mismatch.getName() + " is not valid"),
        request);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Map<String, Object>> notFound(
      NoResourceFoundException missing, HttpServletRequest request) {
    return render(
        new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", "no such resource"),
        request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, Object>> unexpected(Exception unexpected, HttpServletRequest request) {
    RuntimeException failure =
        unexpected instanceof RuntimeException runtime
            ? runtime
            : new IllegalStateException(unexpected);
    return render(Problems.of(failure, properties.retryAfterSeconds()), request);
  }

  private static ResponseEntity<Map<String, Object>> render(
      ApiProblem problem, HttpServletRequest request) {
    // The content type is set, not negotiated: a client whose Accept excludes JSON still gets
    // a readable problem instead of a second failure (a 500).
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.retryAfterSeconds() != null) {
      response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds().toString());
    }
    return response.body(Problems.body(problem, request.getRequestURI()));
  }
}
