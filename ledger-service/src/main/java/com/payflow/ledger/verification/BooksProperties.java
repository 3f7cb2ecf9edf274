package com.payflow.ledger.verification;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The books check of full verification (balances, entries, credit legs against the sealed
 * transactions; docs/ledger.md). Its page size is {@code payflow.ledger.verification.chunk-rows}.
 *
 * @param accountWeightCacheEntries account ids whose secret weight is remembered during one run,
 *     shared out over its threads (the merge and one per shard; about 120 bytes each); beyond it a
 *     weight is recomputed (one SHA-256) every time it is needed, which only costs time
 */
@ConfigurationProperties("payflow.ledger.verification.books")
record BooksProperties(int accountWeightCacheEntries) {

  private static final int MAX_ACCOUNT_WEIGHT_CACHE_ENTRIES = 10_000_000;

  /** Validates every bound, naming the property to change. */
  BooksProperties {
    if (accountWeightCacheEntries < 0
        || accountWeightCacheEntries > MAX_ACCOUNT_WEIGHT_CACHE_ENTRIES) {
      throw new IllegalArgumentException(
          "payflow.ledger.verification.books"
              + ".account-weight-cache-entries must be 0.."
              + MAX_ACCOUNT_WEIGHT_CACHE_ENTRIES
              + ", was "
              + accountWeightCacheEntries);
    }
  }
}
