package com.payflow.observability;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

/**
 * The request id of a payment: Nginx's {@code X-Request-Id} (or the gateway's own when called
 * directly), kept in the logging context (MDC key {@value #MDC_KEY}) while a service handles the
 * payment and carried from service to service in the Kafka header {@value #HEADER}: gateway →
 * {@code payments.submitted} → settlement → {@code payments.outcomes} / {@code payments.credits} →
 * transaction-service. One header of at most 64 plain characters; anything else is dropped, so a
 * client can neither inject log lines nor grow the records.
 */
public final class RequestIds {

  /** The HTTP header and the Kafka record header. */
  public static final String HEADER = "X-Request-Id";

  /** The key in the logging context, a field of its own in structured (JSON) logs. */
  public static final String MDC_KEY = "requestId";

  /** Longest request id kept. */
  public static final int MAX_LENGTH = 64;

  private RequestIds() {}

  /**
   * {@code candidate} when it is a plain, bounded id ({@code [A-Za-z0-9._-]{1,64}}), else {@code
   * null}. A loop, not a regular expression: it runs on every intake request.
   */
  public static String sanitize(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
      return null;
    }
    for (int index = 0; index < candidate.length(); index++) {
      char c = candidate.charAt(index);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!plain) {
        return null;
      }
    }
    return candidate;
  }

  /** The request id in this thread's logging context, or {@code null}. */
  public static String current() {
    return MDC.get(MDC_KEY);
  }

  /** The (sanitized) request id of a Kafka record's headers, or {@code null}. */
  public static String of(Headers headers) {
    if (headers == null) {
      return null;
    }
    Header header = headers.lastHeader(HEADER);
    if (header == null || header.value() == null || header.value().length > MAX_LENGTH) {
      return null;
    }
    return sanitize(new String(header.value(), StandardCharsets.US_ASCII));
  }

  /** Sets {@code requestId} (when valid) as the only request id header of {@code headers}. */
  public static void addTo(Headers headers, String requestId) {
    String safe = sanitize(requestId);
    if (safe != null) {
      headers.remove(HEADER);
      headers.add(HEADER, safe.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * Puts {@code requestId} into this thread's logging context until the scope is closed, which
   * restores what was there before. A missing or invalid id leaves the context as it is.
   */
  public static Scope open(String requestId) {
    String safe = sanitize(requestId);
    if (safe == null) {
      return Scope.NOTHING;
    }
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, safe);
    return () -> {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    };
  }

  /** A request id in the logging context; closing it restores the previous one. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {

    /** Nothing was changed. */
    Scope NOTHING = () -> {};

    @Override
    void close();
  }
}
