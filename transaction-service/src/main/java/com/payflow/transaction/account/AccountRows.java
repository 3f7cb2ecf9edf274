package com.payflow.transaction.account;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Queries on one shard's accounts; call inside {@code ShardReads.on(...)}. */
interface AccountRows extends Repository<AccountRow, String> {

  Optional<AccountRow> findById(String id);

  /**
   * The next accounts after {@code afterId} in id order, as values (no managed entities: a scan
   * over millions of rows must not grow the persistence context). CLEARING accounts are internal to
   * settlement and never cached.
   */
  @Query(
      "select new com.payflow.transaction.account.Account(a.id, a.ownerClient, a.currency,"
          + " a.kind, a.status, a.balance) from AccountRow a"
          + " where a.id > :afterId and a.kind <> 'CLEARING' order by a.id")
  List<Account> findNextAddressable(String afterId, Limit limit);

  /** Like {@link #findNextAddressable}, with the id of each account's newest entry. */
  @Query(
      "select new com.payflow.transaction.account.BookedState(a.id, a.ownerClient,"
          + " a.currency, a.kind, a.status, a.balance,"
          + " coalesce((select max(e.entryId) from EntryRow e where e.accountId = a.id), 0))"
          + " from AccountRow a where a.id > :afterId and a.kind <> 'CLEARING' order by a.id")
  List<BookedState> findNextBookedStates(String afterId, Limit limit);
}
