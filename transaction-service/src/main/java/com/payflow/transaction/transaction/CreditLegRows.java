package com.payflow.transaction.transaction;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

/** Credit legs of one shard (payee's shard); call inside {@code ShardReads.on(...)}. */
interface CreditLegRows extends Repository<CreditLegRow, UUID> {

  Optional<CreditLegRow> findById(UUID txId);
}
