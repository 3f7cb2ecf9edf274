package com.payflow.ledger.verifier;

/** Something in a proof or export does not verify: the verifier exits non-zero with this. */
class VerificationFailed extends Exception {

  VerificationFailed(String message) {
    super(message);
  }
}
