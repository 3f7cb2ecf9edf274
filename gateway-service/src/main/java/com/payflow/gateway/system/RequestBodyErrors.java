package com.payflow.gateway.system;

import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Short, safe descriptions of unreadable request bodies (never echoes the input). */
final class RequestBodyErrors {

  private RequestBodyErrors() {}

  /** {@code cause}: the most specific cause of the failed read. */
  static String describe(Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + unknown.getPropertyName() + "'";
    }
    if (cause instanceof JacksonException json) {
      String field =
          json.getPath().stream()
              .map(
                  reference ->
                      reference.getPropertyName() != null
                          ? reference.getPropertyName()
                          : "[" + reference.getIndex() + "]")
              .collect(Collectors.joining("."));
      return field.isEmpty()
          ? "body is not valid JSON for a payment request"
          : "field '" + field + "' has the wrong type or format";
    }
    return "body is missing or not valid JSON";
  }
}
