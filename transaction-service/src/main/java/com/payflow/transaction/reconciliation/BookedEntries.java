package com.payflow.transaction.reconciliation;

import com.payflow.transaction.shard.Shards;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Whether a shard's booked balances agree with the shard's own entries. Reconciliation asks before
 * it writes a booked balance into the cache (a confirmed drift's repair, a missing entry's load): a
 * balance its entries do not explain was changed outside settlement, and repairing the cache
 * towards it would hand that money to the gateway (docs/operations.md §3).
 */
@Component
class BookedEntries {

  /**
   * Balance, Σ entries and newest entry of each account, in ONE statement: one InnoDB read view, so
   * a payment committing meanwhile is in both numbers or in neither.
   */
  private static final String BOOKS =
      "SELECT a.id, a.balance, COALESCE(SUM(e.amount), 0),"
          + " COALESCE(MAX(e.entry_id), 0) FROM accounts a LEFT JOIN entries e"
          + " ON e.account_id = a.id WHERE a.id IN (%s) GROUP BY a.id, a.balance";

  private final Shards shards;

  BookedEntries(Shards shards) {
    this.shards = shards;
  }

  /**
   * One account as its shard books it.
   *
   * @param balance {@code accounts.balance}
   * @param entriesSum Σ of the account's {@code entries} (exact: a forged sum may exceed a long)
   * @param lastEntryId newest entry id (0: none)
   */
  record Books(long balance, BigDecimal entriesSum, long lastEntryId) {

    /** Whether the balance is what the entries add up to. */
    boolean consistent() {
      return entriesSum.compareTo(BigDecimal.valueOf(balance)) == 0;
    }
  }

  /** The books of {@code accounts} (at most a chunk) on {@code shard}; unknown ids are absent. */
  Map<String, Books> of(int shard, Collection<String> accounts) {
    if (accounts.isEmpty()) {
      return Map.of();
    }
    Map<String, Books> books = new HashMap<>();
    shards
        .shard(shard)
        .query(
            BOOKS.formatted(String.join(",", Collections.nCopies(accounts.size(), "?"))),
            row -> {
              books.put(
                  row.getString(1),
                  new Books(row.getLong(2), row.getBigDecimal(3), row.getLong(4)));
            },
            accounts.toArray());
    return books;
  }
}
