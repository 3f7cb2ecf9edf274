package com.payflow.ledger.verification;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/chain/verify}: full verification, synchronous. */
@RestController
class VerificationController {

  private final ChainVerifier verifier;

  VerificationController(ChainVerifier verifier) {
    this.verifier = verifier;
  }

  @PostMapping("/api/v1/chain/verify")
  VerificationReport verify() {
    return verifier.verify();
  }
}
