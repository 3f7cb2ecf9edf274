package com.payflow.gateway.system;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Short, safe descriptions of unreadable request bodies (never echoes the input). */
final class RequestBodyErrors {

  private RequestBodyErrors() {}

  static String describe(HttpMessageNotReadableException unreadable) {
    Throwable cause = unreadable.getMostSpecificCause();
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + unknown.getPropertyName() + "'";
    }
    if (cause instanceof JacksonException json) {
      String path = json.getPathReference();
      String where = path == null || path.isBlank() ? "" : " at " + path;
      return "body is not a valid payment request" + where;
    }
    return "body is missing or not valid JSON";
  }
}
