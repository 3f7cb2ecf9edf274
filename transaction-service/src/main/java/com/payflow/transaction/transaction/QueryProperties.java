package com.payflow.transaction.transaction;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds of the query endpoints.
 *
 * @param historyDefaultLimit entries per page when the client sends no {@code limit}
 * @param historyMaxLimit largest {@code limit} accepted (larger → 422)
 * @param scatterMaxConcurrent lookups by transaction id that may ask every shard at the same time
 *     (the fallback when neither a {@code payer} hint nor the Redis locator knows the shard); more
 *     → 503 with Retry-After, so unknown ids cannot multiply load by the shard count
 * @param cursorKey HMAC key signing history cursors (they carry a running balance); empty → derived
 *     from the operator key hash, which is configuration-secret as well
 */
@ConfigurationProperties("payflow.query")
public record QueryProperties(
    int historyDefaultLimit, int historyMaxLimit, int scatterMaxConcurrent, String cursorKey) {

  private static final int HISTORY_LIMIT_CEILING = 1000;
  private static final int SCATTER_CEILING = 64;

  /** Validates every bound, naming the property to change. */
  public QueryProperties {
    if (historyMaxLimit < 1 || historyMaxLimit > HISTORY_LIMIT_CEILING) {
      throw new IllegalArgumentException(
          "payflow.query.history-max-limit must be 1.."
              + HISTORY_LIMIT_CEILING
              + ", was "
              + historyMaxLimit);
    }
    if (historyDefaultLimit < 1 || historyDefaultLimit > historyMaxLimit) {
      throw new IllegalArgumentException(
          "payflow.query.history-default-limit must be 1.."
              + "payflow.query.history-max-limit, was "
              + historyDefaultLimit);
    }
    if (scatterMaxConcurrent < 0 || scatterMaxConcurrent > SCATTER_CEILING) {
      throw new IllegalArgumentException(
          "payflow.query.scatter-max-concurrent must be 0.."
              + SCATTER_CEILING
              + " (0 disables the scatter fallback), was "
              + scatterMaxConcurrent);
    }
    cursorKey = cursorKey == null ? "" : cursorKey;
  }
}
