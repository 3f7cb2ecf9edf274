package com.payflow.gateway.system;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** An error answered as RFC 9457 problem+json with a stable {@code type} per kind. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String kind;
  private final String title;
  private final Map<String, Object> properties;
  private final Long retryAfterSeconds;

  /** A problem of {@code kind} (a slug such as {@code insufficient-funds}). */
  public ApiProblem(HttpStatus status, String kind, String title, String detail) {
    this(status, kind, title, detail, Map.of(), null);
  }

  /** A problem with extension members and an optional Retry-After. */
  public ApiProblem(
      HttpStatus status,
      String kind,
      String title,
      String detail,
      Map<String, Object> properties,
      Long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.title = title;
    this.properties = Map.copyOf(properties);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A body that is not {@code application/json}. */
  public static ApiProblem unsupportedMediaType() {
    return new ApiProblem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Unsupported content type",
        "send Content-Type: application/json");
  }

  /** An Accept header that excludes the JSON answers this API gives. */
  public static ApiProblem notAcceptable() {
    return new ApiProblem(
        HttpStatus.NOT_ACCEPTABLE,
        "not-acceptable",
        "Not acceptable",
        "this API answers application/json and application/problem+json only");
  }

  /** A method the route does not serve. */
  public static ApiProblem methodNotAllowed(String method) {
    return new ApiProblem(
        HttpStatus.METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method not allowed",
        method + " is not supported here");
  }

  /** HTTP status. */
  public HttpStatus status() {
    return status;
  }

  /** Stable slug of the error kind. */
  public String kind() {
    return kind;
  }

  /** Short human summary, the same for every occurrence of the kind. */
  public String title() {
    return title;
  }

  /** Extension members. */
  public Map<String, Object> properties() {
    return properties;
  }

  /** Seconds for a Retry-After header, or null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
