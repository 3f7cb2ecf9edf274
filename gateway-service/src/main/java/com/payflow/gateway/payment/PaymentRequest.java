package com.payflow.gateway.payment;

/** The JSON body of {@code POST /api/v1/payments}, as received (validated by the intake). */
public record PaymentRequest(String payer, String payee, Amount amount, String reference) {

  /** {@code {"value": <integer minor units>, "currency": "EUR"}}. */
  public record Amount(Long value, String currency) {}
}
