package com.payflow.gateway.balance;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.gateway.system.GatewayProperties;
import com.payflow.redis.LuaScript;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The gateway's Redis operations: hold, complete, mark unknown, release; behind a circuit breaker.
 */
@Component
public class BalanceHolds {

  /** Payment status recorded once Kafka acknowledged the submission. */
  private static final String ACCEPTED = "ACCEPTED";

  /** Payment status recorded when the send ended without an answer from Kafka. */
  private static final String OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

  private final RedisConnection redis;
  private final GatewayProperties properties;
  private final Clock clock;
  private final LuaScript hold;
  private final LuaScript complete;
  private final LuaScript release;
  private final LuaScript unknown;
  private final LuaScript status;
  private final LuaScript abandon;

  BalanceHolds(RedisConnection redis, GatewayProperties properties, Clock clock) {
    this.redis = redis;
    this.properties = properties;
    this.clock = clock;
    this.hold = LuaScript.load("hold");
    this.complete = LuaScript.load("complete");
    this.release = LuaScript.load("release");
    this.unknown = LuaScript.load("unknown");
    this.status = LuaScript.load("status");
    this.abandon = LuaScript.load("abandon");
  }

  /** Atomically checks the key and the account and holds {@code amount} on the payer. */
  public HoldOutcome hold(
      ClientId client,
      String keyHash,
      String requestHash,
      TxId txId,
      AccountId payer,
      Money amount) {
    String[] keys = {
      RedisKeys.balance(payer),
      RedisKeys.holds(payer),
      RedisKeys.idempotency(payer, client, keyHash)
    };
    String startedAt = Long.toString(clock.millis());
    List<Object> reply;
    try {
      reply =
          redis.call(
              commands ->
                  hold.run(
                      commands,
                      ScriptOutputType.MULTI,
                      keys,
                      client.value(),
                      requestHash,
                      txId.toString(),
                      Long.toString(amount.value()),
                      amount.currencyCode(),
                      Long.toString(properties.idempotencyTtlSeconds()),
                      startedAt,
                      Long.toString(properties.pendingTakeoverMs()),
                      Long.toString(properties.refusalTtlSeconds())));
    } catch (RedisCommandTimeoutException noAnswer) {
      // The script may still run once Redis answers again, after this request was told that it
      // queued nothing: undo whatever it will have done, in order behind it on the connection.
      redis.sendUnguarded(
          commands ->
              abandon.evalAsync(
                  commands, ScriptOutputType.INTEGER, keys, txId.toString(), startedAt));
      throw noAnswer;
    }
    String code = (String) reply.getFirst();
    return switch (code) {
      case "HELD" -> new HoldOutcome.Held();
      case "REPLAY" ->
          new HoldOutcome.Replay(Integer.parseInt((String) reply.get(1)), (String) reply.get(2));
      case "MISMATCH" -> new HoldOutcome.Mismatch();
      case "IN_PROGRESS" -> new HoldOutcome.InProgress();
      case "RESUME" -> new HoldOutcome.Resume();
      case "CURRENCY_MISMATCH" ->
          new HoldOutcome.Refused(
              HoldOutcome.Reason.CURRENCY_MISMATCH, "account currency is " + reply.get(1));
      default -> new HoldOutcome.Refused(HoldOutcome.Reason.valueOf(code), null);
    };
  }

  /** Whether transaction-service has loaded every account (so a missing one is unknown). */
  public boolean cacheReady() {
    return redis.call(commands -> commands.exists(properties.cacheReadyKey()) == 1);
  }

  /**
   * Stores the response of an accepted payment and its status: two scripts on two hash slots,
   * pipelined, so one network round trip.
   */
  public void complete(
      ClientId client, String keyHash, TxId txId, AccountId payer, int httpStatus, String body) {
    redis.callAsync(
        commands ->
            List.of(
                complete.evalAsync(
                    commands,
                    ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.idempotency(payer, client, keyHash)},
                    txId.toString(),
                    Integer.toString(httpStatus),
                    body,
                    Long.toString(properties.idempotencyTtlSeconds())),
                status.evalAsync(
                    commands,
                    ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.status(txId)},
                    ACCEPTED,
                    client.value(),
                    payer.value())));
  }

  /**
   * Keeps the hold and the pending record of a send whose outcome is unknown, marked so that the
   * client's retry with the same key resumes at once; the status says OUTCOME_UNKNOWN.
   */
  public void markUnknown(ClientId client, String keyHash, TxId txId, AccountId payer) {
    redis.callAsync(
        commands ->
            List.of(
                unknown.evalAsync(
                    commands,
                    ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.idempotency(payer, client, keyHash)},
                    txId.toString()),
                status.evalAsync(
                    commands,
                    ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.status(txId)},
                    OUTCOME_UNKNOWN,
                    client.value(),
                    payer.value())));
  }

  /** Releases the hold and the key after a failed send. */
  public void release(ClientId client, String keyHash, TxId txId, AccountId payer) {
    redis.call(
        commands ->
            release.run(
                commands,
                ScriptOutputType.INTEGER,
                new String[] {
                  RedisKeys.balance(payer),
                  RedisKeys.holds(payer),
                  RedisKeys.idempotency(payer, client, keyHash),
                  RedisKeys.released(payer)
                },
                txId.toString()));
  }
}
