package com.payflow.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per step of a payment in each service (submitted, received, outcome published,
 * projected), logged with the payment's request id in the logging context, so that grepping a
 * request id across the services' logs follows the payment. Logger {@value #LOGGER}; off unless its
 * level is INFO (property {@code logging.level.payflow.trail}, {@code PAYFLOW_TRAIL_LOG_LEVEL} in
 * the services' application.yml): a line per payment per service costs CPU the benchmarks account
 * for (docs/operations.md, "Following a payment").
 */
public final class PaymentTrail {

  /** The logger's name. */
  public static final String LOGGER = "payflow.trail";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private PaymentTrail() {}

  /** Whether trail lines are written (checked once per batch by callers with loops). */
  public static boolean enabled() {
    return log.isInfoEnabled();
  }

  /** Logs one step of the payment whose request id is in the logging context. */
  public static void step(String format, Object... arguments) {
    log.info(format, arguments);
  }

  /** Logs one step with {@code requestId} in the logging context for this line. */
  public static void step(String requestId, String format, Object... arguments) {
    if (!log.isInfoEnabled()) {
      return;
    }
    try (RequestIds.Scope scope = RequestIds.open(requestId)) {
      log.info(format, arguments);
    }
  }
}
