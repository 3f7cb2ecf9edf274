package com.payflow.contracts.proof;

/**
 * A header is signed by a key that is not among the trusted ones: for a pinned-key verifier a
 * failure, for a reader of the ledger's published keys a reason to fetch them again (rotation).
 */
public final class UnknownKeyException extends ProofVerificationException {

  /** A failure described by {@code message}. */
  public UnknownKeyException(String message) {
    super(message);
  }
}
