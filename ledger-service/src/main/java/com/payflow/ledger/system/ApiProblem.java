package com.payflow.ledger.system;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** An error answered as RFC 9457 problem+json with a stable {@code type} per kind. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String kind;
  private final String title;
  private final Map<String, Object> properties;

  /** A problem of {@code kind} (a slug such as {@code block-not-found}). */
  public ApiProblem(HttpStatus status, String kind, String title, String detail) {
    this(status, kind, title, detail, Map.of());
  }

  /** A problem with extension members. */
  public ApiProblem(
      HttpStatus status, String kind, String title, String detail, Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.title = title;
    this.properties = Map.copyOf(properties);
  }

  /** HTTP status. */
  public HttpStatus status() {
    return status;
  }

  /** Stable slug of the error kind. */
  public String kind() {
    return kind;
  }

  /** Short human summary. */
  public String title() {
    return title;
  }

  /** Extension members. */
  public Map<String, Object> properties() {
    return properties;
  }

  /** 400 for a malformed or out-of-range parameter. */
  public static ApiProblem badParameter(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail);
  }

  /** 404 for something the chain does not (yet) hold. */
  public static ApiProblem notFound(String kind, String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, kind, "Not found", detail);
  }
}
