package com.payflow.transaction.transaction;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

/** Transactions of one shard (payer's shard); call inside {@code ShardReads.on(...)}. */
public interface TransactionRows extends Repository<TransactionRow, UUID> {

  /** By id. */
  Optional<TransactionRow> findById(UUID txId);

  /** Every row among {@code txIds} (one IN query). */
  List<TransactionRow> findByTxIdIn(Collection<UUID> txIds);
}
