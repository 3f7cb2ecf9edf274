package com.payflow.settlement.settlement;

/** Why settlement refused a payment; stored in the transaction row and published. */
public enum RejectionReason {
  UNKNOWN_PAYER,
  PAYER_CLOSED,
  UNKNOWN_PAYEE,
  PAYEE_CLOSED,
  CURRENCY_MISMATCH,
  INSUFFICIENT_FUNDS,
  BALANCE_OVERFLOW
}
