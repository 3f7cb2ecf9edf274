package com.payflow.transaction.shard;

import com.payflow.contracts.account.AccountId;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs JPA reads on one shard: selects the shard, opens a read-only transaction (one consistent
 * InnoDB snapshot for everything read inside), restores the previous selection afterwards. Every
 * read-side query goes through here, so a query can only ever touch one shard.
 */
@Component
public class ShardReads {

  private final Shards shards;
  private final TransactionTemplate readOnly;

  ShardReads(Shards shards, PlatformTransactionManager transactions) {
    this.shards = shards;
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
  }

  /** Runs {@code work} in a read-only transaction on shard {@code shard}. */
  public <T> T on(int shard, Supplier<T> work) {
    if (shard < 0 || shard >= shards.count()) {
      throw new IllegalArgumentException(
          "shard must be 0.." + (shards.count() - 1) + ", was " + shard);
    }
    Integer previous = ShardContext.current();
    if (previous != null
        && previous != shard
        && TransactionSynchronizationManager.isActualTransactionActive()) {
      // The open transaction holds a connection of another shard: Hibernate would keep using
      // it and read the wrong database.
      throw new IllegalStateException(
          "nested read on shard " + shard + " inside a transaction on shard " + previous);
    }
    ShardContext.select(shard);
    try {
      return readOnly.execute(status -> work.get());
    } finally {
      ShardContext.select(previous);
    }
  }

  /** Runs {@code work} on the shard holding {@code account}. */
  public <T> T onShardOf(AccountId account, Supplier<T> work) {
    return on(shards.shardOf(account), work);
  }

  /** Number of shards. */
  public int count() {
    return shards.count();
  }
}
