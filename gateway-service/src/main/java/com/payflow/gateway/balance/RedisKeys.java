package com.payflow.gateway.balance;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;

/**
 * Redis key layout shared with transaction-service (documented in docs/architecture.md). Keys
 * of one account carry its hash tag so scripts touching them run on Redis Cluster.
 */
public final class RedisKeys {

  private RedisKeys() {}

  /** Hash of available balance, currency, owner and status. */
  public static String balance(AccountId account) {
    return "{acct:" + account.value() + "}:bal";
  }

  /** Hash of open holds, tx id → amount. */
  public static String holds(AccountId account) {
    return "{acct:" + account.value() + "}:holds";
  }

  /** Hash of holds released after a failed send, tx id → amount. */
  public static String released(AccountId account) {
    return "{acct:" + account.value() + "}:released";
  }

  /** The idempotency record of {@code client}'s key (hashed: bounded, no odd characters). */
  public static String idempotency(AccountId payer, ClientId client, String keyHashHex) {
    return "{acct:" + payer.value() + "}:idem:" + client.value() + ":" + keyHashHex;
  }

  /** Hash with the payment's status as the platform knows it. */
  public static String status(TxId txId) {
    return "{tx:" + txId + "}";
  }
}
