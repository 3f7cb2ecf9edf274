package com.payflow.contracts.redis;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;

/**
 * The Redis key layout every service shares (the table in docs/architecture.md, "Redis keys"): the
 * gateway holds and completes, transaction-service projects, reconciles and rebuilds, the ledger
 * and the tests read. Keys of one account carry its hash tag {@code {acct:ID}}, so every script
 * touching one payment's keys runs on one Redis Cluster slot; a payment's status carries {@code
 * {tx:ID}}.
 */
public final class RedisKeys {

  /** Hash of registered API keys: SHA-256 hex of the key → client id. */
  public static final String API_KEYS = "payflow:apikeys";

  /** Default marker set once every account is cached (ADR 0006); configurable per service. */
  public static final String CACHE_READY = "payflow:cache:ready";

  private RedisKeys() {}

  /** {@code {acct:ID}}: the hash tag of every key of one account. */
  public static String accountTag(AccountId account) {
    return "{acct:" + account.value() + "}";
  }

  /** {@code {acct:ID}:bal}: hash of available balance, currency, owner and status. */
  public static String balance(AccountId account) {
    return accountTag(account) + ":bal";
  }

  /** {@code {acct:ID}:holds}: hash of open holds, tx id → amount. */
  public static String holds(AccountId account) {
    return accountTag(account) + ":holds";
  }

  /** {@code {acct:ID}:released}: holds released after a failed send, tx id → amount. */
  public static String released(AccountId account) {
    return accountTag(account) + ":released";
  }

  /** {@code {acct:ID}:holdseen}: when reconciliation first saw each hold, tx id → epoch ms. */
  public static String holdSeen(AccountId account) {
    return accountTag(account) + ":holdseen";
  }

  /** {@code {acct:ID}:cr:TX}: marks a credit of {@code txId} as applied to {@code account}. */
  public static String credited(AccountId account, TxId txId) {
    return accountTag(account) + ":cr:" + txId;
  }

  /**
   * {@code {acct:PAYER}:idem:CLIENT:HASH}: the idempotency record of {@code client}'s key (by its
   * SHA-256 hex: bounded, no odd characters), under the payer's tag so the hold script can read and
   * write it with the balance.
   */
  public static String idempotency(AccountId payer, ClientId client, String keyHashHex) {
    return accountTag(payer) + ":idem:" + client.value() + ":" + keyHashHex;
  }

  /** SCAN pattern of every idempotency record under {@code payer}'s tag. */
  public static String idempotencyPattern(AccountId payer) {
    return accountTag(payer) + ":idem:*";
  }

  /** {@code {tx:ID}}: hash with the payment's status as the platform knows it. */
  public static String status(TxId txId) {
    return "{tx:" + txId + "}";
  }

  /**
   * {@code {client:ID}:rate}: an API client's request budget (token bucket), shared by every
   * gateway instance.
   */
  public static String clientRate(ClientId client) {
    return "{client:" + client.value() + "}:rate";
  }

  /** SCAN pattern of every payment status. */
  public static String statusPattern() {
    return "{tx:*";
  }

  /**
   * The token key a cache rebuild holds while it runs, beside the ready marker: tagged with the
   * whole marker name, so it hashes to the marker's slot (one script checks both, which a Redis
   * Cluster only allows within one slot).
   */
  public static String rebuildToken(String readyKey) {
    if (readyKey.contains("{") || readyKey.contains("}")) {
      throw new IllegalArgumentException("a ready marker name has no hash tag: " + readyKey);
    }
    return "{" + readyKey + "}:rebuilding";
  }
}
