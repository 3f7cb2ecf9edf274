package com.payflow.transaction.account;

/**
 * An account as its shard books it, with the id of its newest entry: two observations with the same
 * {@code lastEntryId} saw the same booked history (entries are append-only and, per account,
 * numbered in commit order because settlement holds the account's row lock).
 */
public record BookedState(
    String id,
    String owner,
    String currency,
    String kind,
    String status,
    long balance,
    long lastEntryId) {

  /** As the read side's value type. */
  public Account toAccount() {
    return new Account(id, owner, currency, kind, status, balance);
  }
}
