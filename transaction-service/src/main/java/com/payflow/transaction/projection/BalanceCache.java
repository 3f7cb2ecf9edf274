package com.payflow.transaction.projection;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.system.TransactionProperties;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Redis projection the gateway relies on. Key layout (shared with gateway RedisKeys):
 * {@code {acct:ID}:bal} (avail, cur, owner, status), {@code {acct:ID}:holds},
 * {@code {acct:ID}:released}, {@code {tx:ID}} (status, reason).
 */
@Component
public class BalanceCache {

  /** Set once every account is loaded; the gateway then treats a missing account as unknown. */
  public static final String CACHE_READY = "payflow:cache:ready";

  private static final String PAYER = "payer";

  private final RedisCommands<String, String> redis;
  private final TransactionProperties properties;
  private final String outcomeScript;
  private volatile String outcomeSha;

  BalanceCache(StatefulRedisConnection<String, String> connection,
      TransactionProperties properties) {
    this.redis = connection.sync();
    this.properties = properties;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("lua/outcome.lua")) {
      this.outcomeScript = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  static String balanceKey(String account) {
    return "{acct:" + account + "}:bal";
  }

  /** Caches a new, empty, open account. */
  public void addOpenAccount(AccountId id, ClientId owner, String currency) {
    redis.hset(balanceKey(id.value()), Map.of("avail", "0", "cur", currency,
        "owner", owner.value(), "status", "OPEN"));
  }

  /**
   * Caches an account read from its shard, unless it is cached already (a live entry has
   * holds the booked balance does not know about).
   */
  public boolean loadIfAbsent(String id, String owner, String currency, String status,
      long bookedBalance) {
    String key = balanceKey(id);
    if (redis.hsetnx(key, "avail", Long.toString(bookedBalance))) {
      redis.hset(key, Map.of("cur", currency, "owner", owner, "status", status));
      return true;
    }
    return false;
  }

  /** Marks the cache complete. */
  public void markReady() {
    redis.set(CACHE_READY, "1");
  }

  /** Whether the cache is marked complete. */
  public boolean isReady() {
    return redis.exists(CACHE_READY) == 1;
  }

  /** The available balance, if cached. */
  public Optional<Long> available(AccountId id) {
    return Optional.ofNullable(redis.hget(balanceKey(id.value()), "avail")).map(Long::valueOf);
  }

  /** Applies one outcome to the affected account and the payment's status (idempotent). */
  public void apply(PaymentOutcome outcome) {
    String account = outcome.status() == PaymentOutcome.Status.CREDITED
        ? outcome.payee().value() : outcome.payer().value();
    String tag = "{acct:" + account + "}";
    evalOutcome(new String[] {tag + ":bal", tag + ":holds", tag + ":released",
        tag + ":cr:" + outcome.txId()}, outcome.status().name(), outcome.txId().toString(),
        Long.toString(outcome.amount().value()),
        Long.toString(properties.creditMarkerTtlSeconds()));
    // "payer" doubles as the locator of the transaction row (it lives on the payer's shard):
    // GET /api/v1/transactions/{id} routes by it instead of asking every shard (ADR 0008).
    String statusKey = statusKey(outcome.txId());
    String payer = outcome.payer().value();
    switch (outcome.status()) {
      case SETTLED -> redis.hset(statusKey, Map.of("status", "SETTLED", PAYER, payer));
      case REJECTED -> redis.hset(statusKey, Map.of("status", "REJECTED", "reason",
          outcome.reason(), PAYER, payer));
      case CREDITED -> redis.hset(statusKey, Map.of("credited", "true", PAYER, payer));
    }
  }

  /** Records ACCEPTED unless the outcome is already known, and where the row will be. */
  public void markAccepted(TxId txId, AccountId payer) {
    redis.hsetnx(statusKey(txId), "status", "ACCEPTED");
    redis.hset(statusKey(txId), PAYER, payer.value());
  }

  /** The payer recorded for {@code txId} (its row's shard follows from it), if known. */
  public Optional<AccountId> payerOf(TxId txId) {
    return Optional.ofNullable(redis.hget(statusKey(txId), PAYER)).map(AccountId::new);
  }

  /**
   * Writes a decided transaction's status and payer, read from its shard, back into the status
   * hash (after a flush, or when the projection missed it). Outcomes are final, so this can
   * only ever repeat what the projection writes.
   */
  public void rememberDecided(TxId txId, AccountId payer, String status, String reason) {
    Map<String, String> fields = new java.util.HashMap<>();
    fields.put("status", status);
    fields.put(PAYER, payer.value());
    if (reason != null) {
      fields.put("reason", reason);
    }
    redis.hset(statusKey(txId), fields);
  }

  private static String statusKey(TxId txId) {
    return "{tx:" + txId + "}";
  }

  private void evalOutcome(String[] keys, String... args) {
    if (outcomeSha == null) {
      outcomeSha = redis.scriptLoad(outcomeScript);
    }
    try {
      redis.evalsha(outcomeSha, ScriptOutputType.INTEGER, keys, args);
    } catch (io.lettuce.core.RedisNoScriptException lost) {
      outcomeSha = redis.scriptLoad(outcomeScript);
      redis.evalsha(outcomeSha, ScriptOutputType.INTEGER, keys, args);
    }
  }
}
