package com.payflow.transaction.account;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.money.CurrencyCodes;
import com.payflow.contracts.money.Money;
import com.payflow.transaction.client.ApiAccess;
import com.payflow.transaction.projection.BalanceCache;
import com.payflow.transaction.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/accounts}: open, fund and close (operator), read (owner or operator; others get
 * 404, ADR 0008).
 */
@RestController
@RequestMapping("/api/v1/accounts")
class AccountController {

  private final Accounts accounts;
  private final BalanceCache cache;
  private final Funding funding;
  private final ApiAccess access;

  AccountController(Accounts accounts, BalanceCache cache, Funding funding, ApiAccess access) {
    this.accounts = accounts;
    this.cache = cache;
    this.funding = funding;
    this.access = access;
  }

  /** Body of an account opening: owner client, currency, optional id. */
  record OpenAccount(String owner, String currency, String id) {}

  /** Body of a funding: {@code {"value": 100000, "currency": "EUR"}}. */
  record FundingAmount(Long value, String currency) {}

  @PostMapping
  ResponseEntity<Map<String, Object>> open(
      HttpServletRequest http, @RequestBody OpenAccount request) {
    access.requireOperator(http);
    ClientId owner = new ClientId(request.owner());
    String currency = CurrencyCodes.parse(request.currency()).getCurrencyCode();
    AccountId id =
        new AccountId(
            request.id() != null
                ? request.id()
                : "acc-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    if (!accounts.open(id, owner, currency, "CUSTOMER")) {
      throw new ApiProblem(HttpStatus.CONFLICT, "account-exists", id + " already exists");
    }
    cache.addOpenAccount(id, owner, currency);
    return ResponseEntity.created(URI.create("/api/v1/accounts/" + id))
        .body(view(accounts.find(id).orElseThrow()));
  }

  @PostMapping("/{id}/funding")
  ResponseEntity<Map<String, Object>> fund(
      HttpServletRequest http,
      @PathVariable String id,
      @RequestHeader(name = "Idempotency-Key", required = false) String key,
      @RequestBody FundingAmount amount) {
    access.requireOperator(http);
    if (key == null || key.isBlank() || key.length() > 255) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "missing-idempotency-key",
          "an Idempotency-Key header (1-255 characters) is required");
    }
    if (amount == null || amount.value() == null) {
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT, "invalid-field", "amount.value is required");
    }
    AccountId account = new AccountId(id);
    Account row =
        accounts
            .find(account)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.NOT_FOUND, "unknown-account", id + " does not exist"));
    Money money = new Money(amount.value(), CurrencyCodes.parse(amount.currency()));
    if (!row.currency().equals(money.currencyCode())) {
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "currency-mismatch",
          "account currency is " + row.currency());
    }
    var txId = funding.fund(account, money, key);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/payments/" + txId))
        .body(Map.of("transactionId", txId.toString(), "status", "ACCEPTED"));
  }

  /**
   * Closes a customer account (operator). Rules (docs/operations.md): only with a booked balance of
   * 0, no open hold and 0 available in Redis — money is paid out first, with a payment to another
   * account. Closing twice answers the closed account again.
   */
  @PostMapping("/{id}/close")
  Map<String, Object> close(HttpServletRequest http, @PathVariable String id) {
    access.requireOperator(http);
    AccountId account = new AccountId(id);
    Account row =
        accounts
            .find(account)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.NOT_FOUND, "unknown-account", id + " does not exist"));
    if (!"CUSTOMER".equals(row.kind())) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "account-not-closable",
          id + " is a " + row.kind() + " account; only customer accounts can be closed");
    }
    if ("CLOSED".equals(row.status())) {
      cache.setStatusIfCached(account, "CLOSED");
      return view(row);
    }
    if (row.balance() != 0) {
      throw balanceLeft(id, row.balance());
    }
    switch (cache.beginClose(account)) {
      case HOLDS ->
          throw new ApiProblem(
              HttpStatus.CONFLICT,
              "payments-in-flight",
              id + " has open holds (payments not yet settled); retry when they are decided");
      case AVAILABLE ->
          throw new ApiProblem(
              HttpStatus.CONFLICT,
              "available-not-zero",
              id
                  + " has available money in the cache although its booked balance is 0 (a credit"
                  + " not yet projected, or drift: see GET /api/v1/ops/reconciliation)");
      case CLOSING, NOT_CACHED, CLOSED -> {}
    }
    // The shard decides: the guarded UPDATE matches only an open, empty customer account, and
    // settlement moves balances under the same row lock. From here on settlement rejects
    // payments from or to it (PAYER_CLOSED / PAYEE_CLOSED).
    accounts.closeIfEmpty(account);
    Account after = accounts.find(account).orElseThrow();
    boolean closed = "CLOSED".equals(after.status());
    cache.endClose(account, closed);
    if (!closed) {
      throw balanceLeft(id, after.balance());
    }
    return view(after);
  }

  private static ApiProblem balanceLeft(String id, long balance) {
    return new ApiProblem(
        HttpStatus.CONFLICT,
        "balance-not-zero",
        id + " holds " + balance + " (minor units); pay it out to another account before closing");
  }

  @GetMapping("/{id}")
  Map<String, Object> read(HttpServletRequest http, @PathVariable String id) {
    ClientId caller = access.caller(http);
    AccountId account = new AccountId(id);
    Account row =
        accounts
            .find(account)
            .filter(found -> ApiAccess.mayRead(caller, found.owner()))
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.NOT_FOUND, "unknown-account", id + " does not exist"));
    return view(row);
  }

  private Map<String, Object> view(Account row) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", row.id());
    body.put("owner", row.owner());
    body.put("currency", row.currency());
    body.put("status", row.status());
    body.put("balance", row.balance());
    cache.available(new AccountId(row.id())).ifPresent(avail -> body.put("available", avail));
    return body;
  }
}
