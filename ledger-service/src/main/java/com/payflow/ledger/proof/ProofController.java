package com.payflow.ledger.proof;

import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.proof.ProofFormat;
import com.payflow.ledger.access.ApiAccess;
import com.payflow.ledger.access.Caller;
import com.payflow.ledger.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/transactions/{id}/proof}: with the leaf's contents for the payment's own API
 * client and the operator, hashes only for everyone else (docs/security.md, F6).
 */
@RestController
class ProofController {

  private final TransactionProofs proofs;
  private final ApiAccess access;

  ProofController(TransactionProofs proofs, ApiAccess access) {
    this.proofs = proofs;
    this.access = access;
  }

  @GetMapping("/api/v1/transactions/{id}/proof")
  ResponseEntity<TransactionProof> proof(@PathVariable String id, HttpServletRequest request) {
    // The key first: an invalid key is 401 whatever the id, so ids cannot be probed with it.
    Caller caller = access.caller(request);
    TxId txId;
    try {
      txId = TxId.parse(id);
    } catch (IllegalArgumentException bad) {
      throw ApiProblem.badParameter("transaction id must be a canonical UUID, was " + id);
    }
    TransactionProof proof = proofs.proof(txId, caller);
    // The body depends on the key: no shared cache may serve one caller's answer to another,
    // and a proof with payer, payee and amount is stored nowhere on the way.
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.ok().header(HttpHeaders.VARY, ApiAccess.HEADER);
    if (ProofFormat.INCLUDED.equals(proof.leafContents())) {
      answer.cacheControl(CacheControl.noStore().cachePrivate());
    }
    return answer.body(proof);
  }
}
