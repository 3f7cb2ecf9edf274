package com.payflow.transaction.system;

import org.springframework.http.HttpStatus;

/** An error answered as RFC 9457 problem+json with a stable {@code type} per kind. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String kind;

  /** A problem of {@code kind}, a slug such as {@code unknown-account}. */
  public ApiProblem(HttpStatus status, String kind, String detail) {
    super(detail);
    this.status = status;
    this.kind = kind;
  }

  /** HTTP status. */
  public HttpStatus status() {
    return status;
  }

  /** Stable slug of the error kind. */
  public String kind() {
    return kind;
  }
}
