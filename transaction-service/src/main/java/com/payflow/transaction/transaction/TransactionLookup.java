package com.payflow.transaction.transaction;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.account.Account;
import com.payflow.transaction.account.Accounts;
import com.payflow.transaction.client.ApiAccess;
import com.payflow.transaction.projection.BalanceCache;
import com.payflow.transaction.shard.ShardReads;
import com.payflow.transaction.shard.Shards;
import com.payflow.transaction.system.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A transaction by id, read from the one shard that holds it (its payer's). The id does not say
 * which shard that is (it is a hash of client and idempotency key), so the shard comes from, in
 * order: the caller's {@code payer} hint; the payer the outcome projection recorded in Redis {@code
 * {tx:ID}}; and only then a bounded scatter over the shards (ADR 0008).
 */
@Component
public class TransactionLookup {

  private final Shards shards;
  private final ShardReads reads;
  private final TransactionRows transactions;
  private final CreditLegRows creditLegs;
  private final Accounts accounts;
  private final BalanceCache cache;
  private final Semaphore scatterPermits;
  private final Counter scatters;

  TransactionLookup(
      Shards shards,
      ShardReads reads,
      TransactionRows transactions,
      CreditLegRows creditLegs,
      Accounts accounts,
      BalanceCache cache,
      QueryProperties properties,
      MeterRegistry meters) {
    this.shards = shards;
    this.reads = reads;
    this.transactions = transactions;
    this.creditLegs = creditLegs;
    this.accounts = accounts;
    this.cache = cache;
    this.scatterPermits = new Semaphore(properties.scatterMaxConcurrent());
    this.scatters =
        Counter.builder("payflow.query.transaction.scatter")
            .description("lookups by transaction id that had to ask every shard")
            .register(meters);
  }

  /** The credit side of a settled payment. */
  public record Credit(String state, Instant appliedAt) {}

  /** What the read side shows of a transaction. */
  public record View(
      String transactionId,
      String status,
      String reason,
      String payer,
      String payee,
      long amount,
      String currency,
      String reference,
      Instant submittedAt,
      Instant decidedAt,
      int shard,
      long shardSeq,
      long batchSeq,
      Credit credit) {}

  /** The transaction {@code txId} if it exists and {@code caller} may see it. */
  public Optional<View> find(ClientId caller, TxId txId, AccountId payerHint) {
    Optional<Located> located =
        payerHint != null
            ? readOn(shards.shardOf(payerHint), txId)
            : cache
                .payerOf(txId)
                .map(payer -> readOn(shards.shardOf(payer), txId))
                .orElseGet(() -> scatter(txId));
    return located.filter(found -> visible(caller, found)).map(this::view);
  }

  /** What settlement decided for a payment and who submitted it, read from its shard row. */
  public record Decision(String status, String reason, AccountId payer, ClientId submitter) {}

  /**
   * The decision recorded for {@code txId}, whoever may see it (callers check): routed by the payer
   * the projection recorded, else by a bounded scatter over the shards.
   */
  public Optional<Decision> decision(TxId txId) {
    Optional<Located> located =
        cache
            .payerOf(txId)
            .map(payer -> readOn(shards.shardOf(payer), txId))
            .orElseGet(() -> scatter(txId));
    return located.map(
        found ->
            new Decision(
                found.row().status(),
                found.row().reason(),
                new AccountId(found.row().payer()),
                new ClientId(found.row().clientId())));
  }

  /** A transaction row with its shard and the owner of its payer (same shard, same read). */
  private record Located(int shard, TransactionRow row, String payerOwner) {}

  private Optional<Located> readOn(int shard, TxId txId) {
    return reads.on(
        shard,
        () ->
            transactions
                .findById(txId.value())
                .map(
                    row ->
                        new Located(
                            shard,
                            row,
                            accounts
                                .find(new AccountId(row.payer()))
                                .map(Account::owner)
                                .orElse(null))));
  }

  private Optional<Located> scatter(TxId txId) {
    if (!scatterPermits.tryAcquire()) {
      throw new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "lookup-busy",
          "too many lookups without a known shard; retry, or pass ?payer=<account id>");
    }
    try {
      scatters.increment();
      for (int shard = 0; shard < shards.count(); shard++) {
        Optional<Located> found = readOn(shard, txId);
        if (found.isPresent()) {
          TransactionRow row = found.get().row();
          cache.rememberDecided(txId, new AccountId(row.payer()), row.status(), row.reason());
          return found;
        }
      }
      return Optional.empty();
    } finally {
      scatterPermits.release();
    }
  }

  private boolean visible(ClientId caller, Located found) {
    if (ApiAccess.OPERATOR.equals(caller)
        || caller.value().equals(found.row().clientId())
        || caller.value().equals(found.payerOwner())) {
      return true;
    }
    // The payee's owner sees incoming payments too; its account may be on another shard.
    return accounts
        .find(new AccountId(found.row().payee()))
        .map(payee -> caller.value().equals(payee.owner()))
        .orElse(false);
  }

  private View view(Located found) {
    TransactionRow row = found.row();
    Instant decidedAt = micros(row.decidedMicros());
    Credit credit;
    if (!"SETTLED".equals(row.status())) {
      credit = new Credit("NONE", null);
    } else if (row.payeeShard() == found.shard()) {
      credit = new Credit("APPLIED", decidedAt);
    } else {
      credit =
          reads
              .on(row.payeeShard(), () -> creditLegs.findById(row.txId()))
              .map(leg -> new Credit("APPLIED", leg.appliedAt()))
              .orElse(new Credit("PENDING", null));
    }
    return new View(
        row.txId().toString(),
        row.status(),
        row.reason(),
        row.payer(),
        row.payee(),
        row.amount(),
        row.currency(),
        row.reference(),
        micros(row.submittedMicros()),
        decidedAt,
        found.shard(),
        row.shardSeq(),
        row.batchSeq(),
        credit);
  }

  private static Instant micros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
