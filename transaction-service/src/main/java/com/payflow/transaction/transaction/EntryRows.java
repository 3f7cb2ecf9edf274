package com.payflow.transaction.transaction;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** History queries on one shard; call inside {@code ShardReads.on(...)}. */
interface EntryRows extends Repository<EntryRow, Long> {

  /**
   * Entries of {@code accountId} older than {@code beforeEntryId}, newest first, each joined with
   * its transaction or credit leg in the SAME statement (one query per page, whatever the page
   * size). Keyset on {@code ix_entries_account (account_id, entry_id)}.
   */
  @Query(
      "select new com.payflow.transaction.transaction.HistoryLine(e.entryId, e.txId,"
          + " e.amount, e.currency, e.postedAt, t.payer, t.payee, t.reference, c.payer)"
          + " from EntryRow e"
          + " left join TransactionRow t on t.txId = e.txId"
          + " left join CreditLegRow c on c.txId = e.txId"
          + " where e.accountId = :accountId and e.entryId < :beforeEntryId"
          + " order by e.entryId desc")
  List<HistoryLine> findPage(String accountId, long beforeEntryId, Limit limit);
}
