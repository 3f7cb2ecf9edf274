package com.payflow.gateway.payment;

import com.payflow.gateway.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the submission body as Spring MVC would for {@code consumes/produces = application/json}:
 * 415 for another content type, 406 when the client accepts no JSON, then a streaming parse with
 * the application's strict JSON settings ({@code StrictJson}); a body that is not a payment request
 * fails with a {@code JacksonException}.
 */
final class PaymentRequestReader {

  private final ObjectReader reader;

  PaymentRequestReader(JsonMapper json) {
    this.reader = json.readerFor(PaymentRequest.class);
  }

  /** The request as sent; null for a JSON {@code null} body (validation refuses it). */
  PaymentRequest read(HttpServletRequest request) throws IOException {
    Charset charset = jsonCharset(request.getContentType());
    requireJsonAcceptable(request.getHeaders(HttpHeaders.ACCEPT));
    if (charset == null || StandardCharsets.UTF_8.equals(charset)) {
      return reader.readValue(request.getInputStream());
    }
    return reader.readValue(new InputStreamReader(request.getInputStream(), charset));
  }

  /** The declared charset of a JSON body (null when none is declared), or a 415 problem. */
  private static Charset jsonCharset(String contentType) {
    if (contentType == null) {
      throw ApiProblem.unsupportedMediaType();
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      if (!MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
        throw ApiProblem.unsupportedMediaType();
      }
      return type.getCharset();
    } catch (IllegalArgumentException unparseable) {
      // InvalidMediaTypeException, or an unknown charset name from getCharset.
      throw ApiProblem.unsupportedMediaType();
    }
  }

  private static void requireJsonAcceptable(Enumeration<String> accepts) {
    boolean any = false;
    while (accepts != null && accepts.hasMoreElements()) {
      // Unparseable Accept headers were refused by the web-problems AcceptHeaderFilter.
      for (MediaType accepted : MediaType.parseMediaTypes(accepts.nextElement())) {
        any = true;
        if (accepted.isCompatibleWith(MediaType.APPLICATION_JSON)) {
          return;
        }
      }
    }
    if (any) {
      throw ApiProblem.notAcceptable();
    }
  }
}
