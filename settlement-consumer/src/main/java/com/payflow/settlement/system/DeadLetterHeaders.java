package com.payflow.settlement.system;

/** Kafka headers of dead-lettered records, written by the error handler, read by the replay. */
public final class DeadLetterHeaders {

  /** How many delivery attempts a dead-lettered record had (a replay starts again at 1). */
  public static final String RETRY_COUNT = "retry_count";

  private DeadLetterHeaders() {}
}
