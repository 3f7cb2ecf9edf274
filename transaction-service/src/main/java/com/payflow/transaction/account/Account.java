package com.payflow.transaction.account;

import com.payflow.transaction.projection.BalanceCache;

/** An account row as the read side shows it. */
public record Account(
    String id, String owner, String currency, String kind, String status, long balance) {

  /** What the balance cache is loaded from. */
  public BalanceCache.BookedAccount booked() {
    return new BalanceCache.BookedAccount(id, owner, currency, status, balance);
  }
}
