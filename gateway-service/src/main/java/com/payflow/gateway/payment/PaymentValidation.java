package com.payflow.gateway.payment;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.money.CurrencyCodes;
import com.payflow.contracts.money.Money;
import com.payflow.gateway.system.ApiProblem;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Turns a received request into value types, or a 400/422 problem naming the field. */
final class PaymentValidation {

  /** Longest accepted Idempotency-Key. */
  static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

  private PaymentValidation() {}

  /** A request whose every field is valid. */
  record ValidPayment(AccountId payer, AccountId payee, Money amount, String reference) {}

  static ValidPayment validate(PaymentRequest request) {
    if (request == null) {
      throw invalid("body", "a JSON object is required");
    }
    AccountId payer = account("payer", request.payer());
    AccountId payee = account("payee", request.payee());
    if (payer.equals(payee)) {
      throw invalid("payee", "payer and payee must be different accounts");
    }
    if (request.amount() == null) {
      throw invalid("amount", "amount {value, currency} is required");
    }
    Long value = request.amount().value();
    if (value == null) {
      throw invalid("amount.value", "integer minor units are required");
    }
    if (value <= 0) {
      throw invalid("amount.value", "must be a positive integer (minor units)");
    }
    Money amount;
    try {
      amount = new Money(value, CurrencyCodes.parse(request.amount().currency()));
    } catch (IllegalArgumentException badCurrency) {
      throw invalid("amount.currency", badCurrency.getMessage());
    }
    String reference = request.reference() == null ? "" : request.reference();
    if (reference.length() > PaymentSubmitted.MAX_REFERENCE_LENGTH) {
      throw invalid(
          "reference", "at most " + PaymentSubmitted.MAX_REFERENCE_LENGTH + " characters");
    }
    if (reference.chars().anyMatch(Character::isISOControl)) {
      throw invalid("reference", "control characters are not allowed");
    }
    return new ValidPayment(payer, payee, amount, reference);
  }

  static String idempotencyKey(String key) {
    if (key == null || key.isBlank()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "missing-idempotency-key",
          "Idempotency-Key required",
          "send a unique Idempotency-Key header per payment");
    }
    if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
        || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "invalid-idempotency-key",
          "Invalid Idempotency-Key",
          "1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters required");
    }
    return key;
  }

  private static AccountId account(String field, String value) {
    if (value == null) {
      throw invalid(field, "is required");
    }
    try {
      return new AccountId(value);
    } catch (IllegalArgumentException bad) {
      throw invalid(field, bad.getMessage());
    }
  }

  private static ApiProblem invalid(String field, String detail) {
    return new ApiProblem(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "invalid-field",
        "Invalid payment field",
        field + ": " + detail,
        Map.of("field", field),
        null);
  }
}
