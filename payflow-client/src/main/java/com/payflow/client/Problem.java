package com.payflow.client;

import java.util.Map;

/**
 * An RFC 9457 problem answered by payflow: its kind, the fields every problem has, and any
 * extension members (e.g. {@code field}, {@code transactionId}) as text.
 */
public record Problem(
    ProblemKind kind,
    String type,
    int status,
    String title,
    String detail,
    Map<String, String> extensions) {

  public Problem {
    extensions = Map.copyOf(extensions);
  }

  /** An extension member, if present. */
  public String extension(String name) {
    return extensions.get(name);
  }

  @Override
  public String toString() {
    return status + " " + (kind == ProblemKind.UNRECOGNISED ? type : kind.slug()) + ": " + detail;
  }
}
