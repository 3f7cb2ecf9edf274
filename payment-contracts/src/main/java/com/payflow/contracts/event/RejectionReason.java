package com.payflow.contracts.event;

/**
 * Why settlement refused a payment: stored in the transaction row (and hashed into its leaf) by
 * name, published in {@link PaymentOutcome}, shown by the read side.
 */
public enum RejectionReason {
  UNKNOWN_PAYER,
  PAYER_CLOSED,
  UNKNOWN_PAYEE,
  PAYEE_CLOSED,
  CURRENCY_MISMATCH,
  INSUFFICIENT_FUNDS,
  BALANCE_OVERFLOW
}
