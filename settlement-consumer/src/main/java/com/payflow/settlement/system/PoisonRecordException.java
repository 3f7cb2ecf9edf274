package com.payflow.settlement.system;

/** A record that can never be settled (undecodable or violating the contract): dead-letter it. */
public final class PoisonRecordException extends RuntimeException {

  /** Wraps the decoding or validation failure. */
  public PoisonRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
