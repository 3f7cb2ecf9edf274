package com.payflow.transaction.transaction;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.client.ApiAccess;
import com.payflow.transaction.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/accounts/{id}/transactions} (history) and {@code GET
 * /api/v1/transactions/{id}}: owners see their own, the operator sees all, everyone else gets 404
 * as if it did not exist (ADR 0008).
 */
@RestController
class TransactionController {

  private final ApiAccess access;
  private final History history;
  private final TransactionLookup lookup;

  TransactionController(ApiAccess access, History history, TransactionLookup lookup) {
    this.access = access;
    this.history = history;
    this.lookup = lookup;
  }

  @GetMapping("/api/v1/accounts/{id}/transactions")
  History.Page history(
      HttpServletRequest http,
      @PathVariable String id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    ClientId caller = access.caller(http);
    return history.page(caller, new AccountId(id), cursor, limit);
  }

  @GetMapping("/api/v1/transactions/{id}")
  TransactionLookup.View transaction(
      HttpServletRequest http,
      @PathVariable String id,
      @RequestParam(required = false) String payer) {
    ClientId caller = access.caller(http);
    TxId txId;
    try {
      txId = TxId.parse(id);
    } catch (IllegalArgumentException notAnId) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "invalid-transaction-id",
          "transaction id must be a UUID in canonical form");
    }
    AccountId hint = payer == null || payer.isEmpty() ? null : new AccountId(payer);
    return lookup
        .find(caller, txId, hint)
        .orElseThrow(
            () ->
                new ApiProblem(
                    HttpStatus.NOT_FOUND,
                    "unknown-transaction",
                    id
                        + " is not recorded (yet) by settlement"
                        + (hint == null ? "" : " on the shard of payer " + hint)));
  }
}
