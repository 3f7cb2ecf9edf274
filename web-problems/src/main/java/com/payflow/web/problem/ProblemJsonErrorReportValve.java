package com.payflow.web.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat refuses some requests before Spring sees them (an undecodable path, a broken request
 * during error handling). Its default valve answers those with an HTML page; this one answers RFC
 * 9457 problem+json like every other error of the API, and never echoes the request.
 */
public class ProblemJsonErrorReportValve extends ErrorReportValve {

  private static final int FIRST_ERROR_STATUS = 400;
  private static final int FIRST_SERVER_ERROR_STATUS = 500;

  @Override
  protected void report(Request request, Response response, Throwable failure) {
    int status = response.getStatus();
    if (status < FIRST_ERROR_STATUS || response.isCommitted() || response.getContentWritten() > 0) {
      return;
    }
    boolean serverError = status >= FIRST_SERVER_ERROR_STATUS;
    String body =
        ProblemTypes.body(
            serverError ? "internal-error" : "malformed-request",
            serverError ? "Internal error" : "Bad request",
            status,
            null);
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException ignored) {
      // The client is gone or the response is already on its way: nothing more to say.
    }
  }
}
