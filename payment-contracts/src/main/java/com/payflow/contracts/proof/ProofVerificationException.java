package com.payflow.contracts.proof;

/**
 * Something in a proof, export or consistency file does not verify; the message names the field by
 * its path in the file.
 */
public class ProofVerificationException extends Exception {

  /** A failure described by {@code message}. */
  public ProofVerificationException(String message) {
    super(message);
  }
}
