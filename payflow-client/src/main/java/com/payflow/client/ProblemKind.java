package com.payflow.client;

import com.payflow.contracts.problem.ProblemTypeUris;
import java.util.Arrays;

/**
 * The RFC 9457 problem types payflow answers with (docs/api.md), one to one; a type this client
 * does not know stays readable as {@link #UNRECOGNISED} with its URI in {@link Problem#type()}.
 */
public enum ProblemKind {
  INSUFFICIENT_FUNDS("insufficient-funds"),
  UNKNOWN_ACCOUNT("unknown-account"),
  FORBIDDEN_ACCOUNT("forbidden-account"),
  ACCOUNT_CLOSED("account-closed"),
  CURRENCY_MISMATCH("currency-mismatch"),
  INVALID_FIELD("invalid-field"),
  MALFORMED_REQUEST("malformed-request"),
  IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),
  IDEMPOTENCY_KEY_IN_PROGRESS("idempotency-key-in-progress"),
  MISSING_IDEMPOTENCY_KEY("missing-idempotency-key"),
  AMBIGUOUS_IDEMPOTENCY_KEY("ambiguous-idempotency-key"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
  UNAUTHORIZED("unauthorized"),
  FORBIDDEN("forbidden"),
  RATE_LIMITED("rate-limited"),
  OUTCOME_UNKNOWN("outcome-unknown"),
  ENQUEUE_FAILED("enqueue-failed"),
  TEMPORARILY_UNAVAILABLE("temporarily-unavailable"),
  BALANCE_CACHE_WARMING("balance-cache-warming"),
  PAYMENT_NOT_FOUND("payment-not-found"),
  STATUS_NOT_YET_KNOWN("status-not-yet-known"),
  UPSTREAM_UNAVAILABLE("upstream-unavailable"),
  UPSTREAM_TIMEOUT("upstream-timeout"),
  INTERNAL_ERROR("internal-error"),
  UNRECOGNISED("");

  /** Every payflow problem type URI starts with this. */
  public static final String TYPE_BASE = ProblemTypeUris.BASE;

  private final String slug;

  ProblemKind(String slug) {
    this.slug = slug;
  }

  /** The last segment of the type URI. */
  public String slug() {
    return slug;
  }

  /** The kind of a problem type URI; {@link #UNRECOGNISED} for any other. */
  public static ProblemKind ofType(String type) {
    if (type == null || !type.startsWith(TYPE_BASE)) {
      return UNRECOGNISED;
    }
    String slug = type.substring(TYPE_BASE.length());
    return Arrays.stream(values())
        .filter(kind -> kind != UNRECOGNISED && kind.slug.equals(slug))
        .findFirst()
        .orElse(UNRECOGNISED);
  }
}
