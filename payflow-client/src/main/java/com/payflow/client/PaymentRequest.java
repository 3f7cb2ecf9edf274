package com.payflow.client;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;

/** A payment to submit: from {@code payer} (one of the caller's accounts) to {@code payee}. */
public record PaymentRequest(AccountId payer, AccountId payee, Money amount, String reference) {

  public PaymentRequest {
    if (payer == null || payee == null || amount == null) {
      throw new IllegalArgumentException("payer, payee and amount are required");
    }
    if (payer.equals(payee)) {
      throw new IllegalArgumentException("payer and payee must be different accounts");
    }
    if (amount.value() <= 0) {
      throw new IllegalArgumentException("amount must be positive: " + amount);
    }
    reference = reference == null ? "" : reference;
  }
}
