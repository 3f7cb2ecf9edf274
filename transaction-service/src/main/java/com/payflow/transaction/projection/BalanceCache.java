package com.payflow.transaction.projection;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.redis.LuaScript;
import com.payflow.redis.RedisSession;
import com.payflow.transaction.system.TransactionProperties;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Redis projection the gateway relies on. Key layout (shared with gateway RedisKeys): {@code
 * {acct:ID}:bal} (avail, cur, owner, status), {@code {acct:ID}:holds}, {@code {acct:ID}:released},
 * {@code {tx:ID}} (status, reason, credited, payer).
 */
@Component
public class BalanceCache {

  private static final String PAYER = "payer";

  /** Field naming the client that submitted the payment (written by the gateway, or here). */
  private static final String CLIENT = "client";

  /** outcome.lua's name for the payer outcome of a resubmitted tx id: release, never book. */
  private static final String RESUBMITTED = "RESUBMITTED";

  private final RedisClusterCommands<String, String> redis;
  private final RedisClusterAsyncCommands<String, String> pipeline;
  private final TransactionProperties properties;
  private final String readyKey;
  private final LuaScript outcome = LuaScript.load("outcome");
  private final LuaScript load = LuaScript.load("load");
  private final LuaScript closeBegin = LuaScript.load("close-begin");
  private final LuaScript closeEnd = LuaScript.load("close-end");

  BalanceCache(
      RedisSession connection, TransactionProperties properties, CacheProperties cacheProperties) {
    this.redis = connection.sync();
    this.pipeline = connection.async();
    this.properties = properties;
    this.readyKey = cacheProperties.readyKey();
  }

  /** Caches a new, empty, open account. */
  public void addOpenAccount(AccountId id, ClientId owner, String currency) {
    redis.hset(
        RedisKeys.balance(id),
        Map.of("avail", "0", "cur", currency, "owner", owner.value(), "status", "OPEN"));
  }

  /**
   * Caches accounts read from their shards, unless cached already (a live entry has holds the
   * booked balance does not know about). One pipelined round trip for the whole chunk. Returns how
   * many were loaded.
   */
  public int loadIfAbsent(List<BookedAccount> accounts) {
    load.prepare(redis);
    List<RedisFuture<Long>> replies = new ArrayList<>(accounts.size());
    for (BookedAccount account : accounts) {
      replies.add(
          load.submit(
              pipeline,
              ScriptOutputType.INTEGER,
              new String[] {RedisKeys.balance(AccountId.of(account.id()))},
              Long.toString(account.balance()),
              account.currency(),
              account.owner(),
              account.status()));
    }
    int loaded = 0;
    for (RedisFuture<Long> reply : replies) {
      loaded += LuaScript.await(reply).intValue();
    }
    return loaded;
  }

  /** An account as booked on its shard: what the cache is loaded from. */
  public record BookedAccount(
      String id, String owner, String currency, String status, long balance) {}

  /** Marks the cache complete. */
  public void markReady() {
    redis.set(readyKey, "1");
  }

  /** Whether the cache is marked complete. */
  public boolean isReady() {
    return redis.exists(readyKey) == 1;
  }

  /** The available balance, if cached. */
  public Optional<Long> available(AccountId id) {
    return Optional.ofNullable(redis.hget(RedisKeys.balance(id), "avail")).map(Long::valueOf);
  }

  /** Applies one outcome to the affected account and the payment's status (idempotent). */
  public void apply(PaymentOutcome outcome) {
    String account =
        outcome.status() == PaymentOutcome.Status.CREDITED
            ? outcome.payee().value()
            : outcome.payer().value();
    applyToAccount(
        account,
        outcome.resubmission() ? RESUBMITTED : outcome.status().name(),
        outcome.txId(),
        outcome.amount().value());
    // "payer" doubles as the locator of the transaction row (it lives on the payer's shard):
    // GET /api/v1/transactions/{id} routes by it instead of asking every shard (ADR 0008).
    String statusKey = RedisKeys.status(outcome.txId());
    String payer = outcome.payer().value();
    switch (outcome.status()) {
      case SETTLED -> redis.hset(statusKey, Map.of("status", "SETTLED", PAYER, payer));
      case REJECTED ->
          redis.hset(
              statusKey,
              Map.of("status", "REJECTED", "reason", outcome.reason().name(), PAYER, payer));
      case CREDITED -> redis.hset(statusKey, Map.of("credited", "true", PAYER, payer));
    }
  }

  /**
   * Applies a payer-side outcome (SETTLED / REJECTED) to {@code account}'s hold, exactly as the
   * projection would: the same script, so applying it again (or the projection applying it later)
   * changes nothing. Returns whether it changed the cache.
   */
  public boolean applyToAccount(String account, String status, TxId txId, long amount) {
    AccountId id = AccountId.of(account);
    Long changed =
        outcome.run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {
              RedisKeys.balance(id),
              RedisKeys.holds(id),
              RedisKeys.released(id),
              RedisKeys.credited(id, txId)
            },
            status,
            txId.toString(),
            Long.toString(amount),
            Long.toString(properties.creditMarkerTtlSeconds()));
    return changed == 1;
  }

  /**
   * Records ACCEPTED unless the outcome is already known, where the row will be and who submitted
   * it (the status route shows a payment only to its submitter and the operator).
   */
  public void markAccepted(TxId txId, AccountId payer, ClientId submitter) {
    redis.hsetnx(RedisKeys.status(txId), "status", "ACCEPTED");
    redis.hset(RedisKeys.status(txId), Map.of(PAYER, payer.value(), CLIENT, submitter.value()));
  }

  /** The payer recorded for {@code txId} (its row's shard follows from it), if known. */
  public Optional<AccountId> payerOf(TxId txId) {
    return Optional.ofNullable(redis.hget(RedisKeys.status(txId), PAYER)).map(AccountId::new);
  }

  /** The status hash of {@code txId} (status, reason, payer, client), empty when unknown. */
  public Map<String, String> status(TxId txId) {
    return redis.hgetall(RedisKeys.status(txId));
  }

  /** Records who submitted {@code txId} (read from its shard row) in its status hash. */
  public void rememberSubmitter(TxId txId, ClientId submitter) {
    redis.hset(RedisKeys.status(txId), CLIENT, submitter.value());
  }

  /**
   * Writes a decided transaction's status and payer, read from its shard, back into the status hash
   * (after a flush, or when the projection missed it). Outcomes are final, so this can only ever
   * repeat what the projection writes.
   */
  public void rememberDecided(TxId txId, AccountId payer, String status, String reason) {
    Map<String, String> fields = new HashMap<>();
    fields.put("status", status);
    fields.put(PAYER, payer.value());
    if (reason != null) {
      fields.put("reason", reason);
    }
    redis.hset(RedisKeys.status(txId), fields);
  }

  /** Outcome of {@link #beginClose}. */
  public enum CloseStart {
    /** Marked CLOSING: the gateway takes no new holds. */
    CLOSING,
    /** Not cached (rebuild running): the shard decides alone; the rebuild loads its status. */
    NOT_CACHED,
    /** Already closed in the cache. */
    CLOSED,
    /** Open holds: payments are in flight. */
    HOLDS,
    /** Available balance is not zero although no hold is open (credit not yet projected). */
    AVAILABLE
  }

  /** Refuses while money may move in Redis, else marks the account CLOSING (atomically). */
  public CloseStart beginClose(AccountId id) {
    List<Object> reply =
        closeBegin.run(
            redis,
            ScriptOutputType.MULTI,
            new String[] {RedisKeys.balance(id), RedisKeys.holds(id)});
    return CloseStart.valueOf((String) reply.getFirst());
  }

  /** Turns CLOSING into CLOSED ({@code closed}) or back into OPEN. */
  public void endClose(AccountId id, boolean closed) {
    closeEnd.run(
        redis,
        ScriptOutputType.INTEGER,
        new String[] {RedisKeys.balance(id)},
        closed ? "CLOSED" : "OPEN");
  }

  /** Sets the cached status of an account, if it is cached. */
  public void setStatusIfCached(AccountId id, String status) {
    if (redis.exists(RedisKeys.balance(id)) == 1) {
      redis.hset(RedisKeys.balance(id), "status", status);
    }
  }
}
