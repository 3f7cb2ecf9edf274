package com.payflow.settlement.settlement;

/** An account as read (and locked) inside a settlement transaction. */
public record AccountRow(String id, String currency, String kind, String status, long balance) {

  /** Whether the account may never go negative. */
  public boolean isCustomer() {
    return "CUSTOMER".equals(kind);
  }

  /** Whether the account accepts postings. */
  public boolean isOpen() {
    return "OPEN".equals(status);
  }

  /** Whether payments may name it (system clearing accounts are internal only). */
  public boolean isAddressable() {
    return !"CLEARING".equals(kind);
  }
}
