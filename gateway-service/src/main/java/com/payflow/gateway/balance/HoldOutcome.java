package com.payflow.gateway.balance;

/** What the hold script decided, in one round trip. */
public sealed interface HoldOutcome {

  /** Funds held, idempotency key recorded as pending. */
  record Held() implements HoldOutcome {}

  /** The key was used before with the same request: answer the stored response. */
  record Replay(int httpStatus, String body) implements HoldOutcome {}

  /** The key was used before with a different request. */
  record Mismatch() implements HoldOutcome {}

  /** The first request with this key is still being processed. */
  record InProgress() implements HoldOutcome {}

  /** A stale pending attempt is taken over; its hold is reused and the tx sent again. */
  record Resume() implements HoldOutcome {}

  /** A refusal before anything changed. */
  record Refused(Reason reason, String detail) implements HoldOutcome {}

  /** Why the hold was refused. */
  enum Reason {
    UNKNOWN_ACCOUNT,
    NOT_OWNER,
    ACCOUNT_CLOSED,
    CURRENCY_MISMATCH,
    INSUFFICIENT_FUNDS
  }
}
