package com.payflow.transaction.account;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.transaction.shard.ShardReads;
import com.payflow.transaction.shard.Shards;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Repository;

/** Accounts on their shards: reads through JPA on the account's shard, writes with JDBC. */
@Repository
public class Accounts {

  /** Largest chunk a scan reads per query; bounds memory and transaction length. */
  public static final int MAX_SCAN_CHUNK = 10_000;

  private final Shards shards;
  private final ShardReads reads;
  private final AccountRows rows;

  Accounts(Shards shards, ShardReads reads, AccountRows rows) {
    this.shards = shards;
    this.reads = reads;
    this.rows = rows;
  }

  /** Inserts an open account with zero balance; false if the id is taken. */
  public boolean open(AccountId id, ClientId owner, String currency, String kind) {
    try {
      shards
          .of(id)
          .update(
              "INSERT INTO accounts (id, owner_client, currency, kind, status,"
                  + " balance) VALUES (?, ?, ?, ?, 'OPEN', 0)",
              id.value(),
              owner.value(),
              currency,
              kind);
      return true;
    } catch (DuplicateKeyException taken) {
      return false;
    }
  }

  /**
   * Marks an open customer account CLOSED if its booked balance is zero. The guard is in the UPDATE
   * itself: settlement changes balances under the row lock, so a credit committed a moment earlier
   * makes this match no row instead of closing an account that holds money.
   */
  public boolean closeIfEmpty(AccountId id) {
    return shards
            .of(id)
            .update(
                "UPDATE accounts SET status = 'CLOSED' WHERE id = ?"
                    + " AND kind = 'CUSTOMER' AND status = 'OPEN' AND balance = 0",
                id.value())
        == 1;
  }

  /** The account, if it exists. */
  public Optional<Account> find(AccountId id) {
    return reads.onShardOf(id, () -> rows.findById(id.value()).map(AccountRow::toAccount));
  }

  /**
   * Streams every addressable account of every shard in chunks of at most {@code chunkSize} (keyset
   * by id: one short read-only query per chunk, bounded memory, no long-lived cursor).
   */
  public void forEachChunk(int chunkSize, Consumer<List<Account>> action) {
    forEachChunkOfShard(
        chunkSize,
        (shard, chunk) -> action.accept(chunk),
        (afterId, limit) -> rows.findNextAddressable(afterId, limit),
        Account::id);
  }

  /** Like {@link #forEachChunk}, with each account's newest entry id and its shard. */
  public void forEachBookedChunk(int chunkSize, ShardChunkAction<BookedState> action) {
    forEachChunkOfShard(
        chunkSize,
        action,
        (afterId, limit) -> rows.findNextBookedStates(afterId, limit),
        BookedState::id);
  }

  /** Receives one chunk of one shard. */
  @FunctionalInterface
  public interface ShardChunkAction<T> {
    /** Handles {@code chunk}, read from {@code shard}. */
    void accept(int shard, List<T> chunk);
  }

  private interface ChunkQuery<T> {
    List<T> next(String afterId, Limit limit);
  }

  private <T> void forEachChunkOfShard(
      int chunkSize, ShardChunkAction<T> action, ChunkQuery<T> query, Function<T, String> idOf) {
    if (chunkSize < 1 || chunkSize > MAX_SCAN_CHUNK) {
      throw new IllegalArgumentException("chunk size must be 1.." + MAX_SCAN_CHUNK);
    }
    for (int shard = 0; shard < shards.count(); shard++) {
      String afterId = "";
      while (true) {
        String after = afterId;
        List<T> chunk = reads.on(shard, () -> query.next(after, Limit.of(chunkSize)));
        if (chunk.isEmpty()) {
          break;
        }
        action.accept(shard, chunk);
        if (chunk.size() < chunkSize) {
          break;
        }
        afterId = idOf.apply(chunk.getLast());
      }
    }
  }
}
