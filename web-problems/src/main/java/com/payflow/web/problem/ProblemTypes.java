package com.payflow.web.problem;

import com.payflow.contracts.problem.ProblemTypeUris;

/** The problem {@code type} URIs every payflow API answers with (RFC 9457 §3.1.1). */
public final class ProblemTypes {

  /** Base of every problem type URI; a kind such as {@code unknown-account} is appended. */
  public static final String BASE = ProblemTypeUris.BASE;

  private ProblemTypes() {}

  /** The type URI of {@code kind}. */
  public static String of(String kind) {
    return BASE + kind;
  }

  /** A minimal problem body for places that write the response themselves (no Spring MVC). */
  static String body(String kind, String title, int status, String detail) {
    StringBuilder json =
        new StringBuilder(128)
            .append("{\"type\":\"")
            .append(of(kind))
            .append("\",\"title\":\"")
            .append(title)
            .append("\",\"status\":")
            .append(status);
    if (detail != null) {
      json.append(",\"detail\":\"").append(detail).append('"');
    }
    return json.append('}').toString();
  }
}
