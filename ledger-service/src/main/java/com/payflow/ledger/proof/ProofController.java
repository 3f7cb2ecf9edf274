package com.payflow.ledger.proof;

import com.payflow.contracts.payment.TxId;
import com.payflow.ledger.system.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/transactions/{id}/proof}. */
@RestController
class ProofController {

  private final TransactionProofs proofs;

  ProofController(TransactionProofs proofs) {
    this.proofs = proofs;
  }

  @GetMapping("/api/v1/transactions/{id}/proof")
  TransactionProof proof(@PathVariable String id) {
    TxId txId;
    try {
      txId = TxId.parse(id);
    } catch (IllegalArgumentException bad) {
      throw ApiProblem.badParameter("transaction id must be a canonical UUID, was " + id);
    }
    return proofs.proof(txId);
  }
}
