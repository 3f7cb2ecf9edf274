package com.payflow.transaction.reconciliation;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.redis.LuaScript;
import com.payflow.redis.RedisSession;
import com.payflow.transaction.account.Account;
import com.payflow.transaction.account.Accounts;
import com.payflow.transaction.account.BookedState;
import com.payflow.transaction.projection.BalanceCache;
import com.payflow.transaction.shard.ShardReads;
import com.payflow.transaction.transaction.TransactionRow;
import com.payflow.transaction.transaction.TransactionRows;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Compares, per account, the cached available balance with booked balance − open holds, and repairs
 * the cache (never the shards: they are the truth). How it stays safe against payments in flight is
 * explained in docs/operations.md; in short:
 *
 * <ol>
 *   <li>holds reconciliation has known for {@code hold-lookup-after-ms} are looked up in the
 *       payer's shard; a decided payment's hold is closed with the projection's own idempotent
 *       script (a late projection then changes nothing);
 *   <li>holds known for {@code hold-release-after-ms} with no payment in the shard are released
 *       into {@code :released}, so a payment that settles after all is still taken off;
 *   <li>an available-balance drift is repaired only when seen with the same value and the same
 *       booked history (newest entry id) in two consecutive runs, while the projection is not
 *       behind, and by a script that re-reads avail and holds atomically and adjusts only if the
 *       drift is still exactly that value.
 * </ol>
 *
 * <p>Nothing is ever written towards a booked balance that the shard's own entries do not add up to
 * (a confirmed drift's repair, a missing entry's load): such a balance was changed outside
 * settlement, so the account is reported as ledger-inconsistent and its cache left alone.
 */
@Component
public class Reconciliation {

  private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

  private final Accounts accounts;
  private final ShardReads reads;
  private final TransactionRows transactions;
  private final BookedEntries bookedEntries;
  private final BalanceCache cache;
  private final ProjectionLag projectionLag;
  private final RedisClusterCommands<String, String> redis;
  private final RedisClusterAsyncCommands<String, String> pipeline;
  private final ReconciliationProperties properties;
  private final Clock clock;
  private final LuaScript observe = LuaScript.load("observe");
  private final LuaScript repairAvailable = LuaScript.load("repair-available");
  private final LuaScript releaseHold = LuaScript.load("release-hold");
  private final LuaScript setField = LuaScript.load("set-field");
  private final ReentrantLock running = new ReentrantLock();
  private final AtomicReference<ReconciliationReport> last = new AtomicReference<>();

  /** Drifts of the previous run, for confirmation; bounded by max-tracked. */
  private volatile Map<String, Observation> previous = Map.of();

  private final MeterRegistry meters;
  private final Timer durations;
  private final AtomicLong lastChecked = new AtomicLong();
  private final AtomicLong lastDrifting = new AtomicLong();
  private final AtomicLong lastDriftSum = new AtomicLong();
  private final AtomicLong lastPostponed = new AtomicLong();
  private final AtomicLong lastClosedWithBalance = new AtomicLong();
  private final AtomicLong lastLedgerInconsistent = new AtomicLong();
  private final AtomicLong lastLag = new AtomicLong(-1);
  private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();

  Reconciliation(
      Accounts accounts,
      ShardReads reads,
      TransactionRows transactions,
      BookedEntries bookedEntries,
      BalanceCache cache,
      ProjectionLag projectionLag,
      RedisSession connection,
      ReconciliationProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.accounts = accounts;
    this.reads = reads;
    this.transactions = transactions;
    this.bookedEntries = bookedEntries;
    this.cache = cache;
    this.projectionLag = projectionLag;
    this.redis = connection.sync();
    this.pipeline = connection.async();
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.durations =
        Timer.builder("payflow.reconciliation.duration")
            .description("time of a reconciliation run")
            .register(meters);
    gauge(
        "payflow.reconciliation.accounts.checked",
        lastChecked,
        "accounts compared in the last run");
    gauge(
        "payflow.reconciliation.drift.accounts",
        lastDrifting,
        "accounts whose available balance differed from booked - holds in the last run");
    gauge(
        "payflow.reconciliation.drift.amount",
        lastDriftSum,
        "sum of |drift| over those accounts (minor units, all currencies)");
    gauge(
        "payflow.reconciliation.repairs.postponed",
        lastPostponed,
        "confirmed drifts not repaired in the last run because the projection was behind");
    gauge(
        "payflow.reconciliation.closed.with.balance",
        lastClosedWithBalance,
        "CLOSED accounts whose booked balance is not 0 (operator action)");
    gauge(
        "payflow.reconciliation.ledger.inconsistent",
        lastLedgerInconsistent,
        "accounts whose booked balance is not the sum of their entries; cache left alone");
    gauge(
        "payflow.reconciliation.projection.lag",
        lastLag,
        "outcome records not yet projected at the start of the last run (-1: unknown)");
    gauge(
        "payflow.reconciliation.last.success.epoch.seconds",
        lastSuccessEpochSeconds,
        "end of the last completed run");
  }

  private void gauge(String name, AtomicLong value, String description) {
    Gauge.builder(name, value, AtomicLong::get).description(description).register(meters);
  }

  /** Thrown when a run is requested while one is running. */
  public static final class AlreadyRunning extends RuntimeException {
    AlreadyRunning() {
      super("a reconciliation run is in progress");
    }
  }

  /** The last report, if a run finished since start. */
  public Optional<ReconciliationReport> lastReport() {
    return Optional.ofNullable(last.get());
  }

  @Scheduled(
      fixedDelayString = "${payflow.reconciliation.interval-ms}",
      initialDelayString = "${payflow.reconciliation.interval-ms}")
  void scheduled() {
    if (!properties.enabled()) {
      return;
    }
    try {
      run("scheduled");
    } catch (AlreadyRunning busy) {
      log.info("scheduled reconciliation skipped: an operator run is in progress");
    }
  }

  /** Runs one full pass now (or throws {@link AlreadyRunning}). */
  public ReconciliationReport run(String trigger) {
    if (!running.tryLock()) {
      throw new AlreadyRunning();
    }
    try {
      ReconciliationReport report = durations.record(() -> pass(trigger));
      last.set(report);
      Counter.builder("payflow.reconciliation.runs")
          .tag("outcome", report.outcome())
          .description("reconciliation runs by outcome")
          .register(meters)
          .increment();
      return report;
    } finally {
      running.unlock();
    }
  }

  private ReconciliationReport pass(String trigger) {
    Instant startedAt = clock.instant();
    Run run = new Run(trigger, startedAt);
    try {
      if (!cache.isReady()) {
        return run.finish("skipped", "balance cache is being rebuilt; nothing to compare yet");
      }
      OptionalLong lag = projectionLag.records();
      run.projectionLag = lag.orElse(-1);
      run.repairsAllowed = lag.isPresent() && lag.getAsLong() <= properties.maxProjectionLag();
      observe.prepare(redis);
      accounts.forEachBookedChunk(
          properties.chunkSize(), (shard, chunk) -> chunk(run, shard, chunk));
      previous = run.observations;
      publish(run);
      lastSuccessEpochSeconds.set(clock.instant().getEpochSecond());
      return run.finish(
          "completed",
          run.repairsAllowed
              ? null
              : "available-balance repairs postponed: projection lag "
                  + run.projectionLag
                  + " exceeds payflow.reconciliation.max-projection-lag or is unknown");
    } catch (RuntimeException failed) {
      log.error("reconciliation run failed", failed);
      return run.finish("failed", failed.toString());
    }
  }

  private void publish(Run run) {
    lastChecked.set(run.checked);
    lastDrifting.set(run.drifting);
    lastDriftSum.set(run.driftSum);
    lastPostponed.set(run.postponed);
    lastClosedWithBalance.set(run.closedWithBalance);
    lastLedgerInconsistent.set(run.ledgerInconsistent);
    lastLag.set(run.projectionLag);
  }

  /** One account as observed in Redis. */
  private record Cached(
      BookedState booked,
      String avail,
      String status,
      String owner,
      String currency,
      List<Hold> holds) {}

  private record Hold(String txId, long amount, long seenAtMs) {}

  /** What a drifting account looked like, to confirm the drift in the next run. */
  private record Observation(long drift, long lastEntryId, String fieldMismatch) {}

  /** A drift seen unchanged in two runs, to repair once its shard's books are checked. */
  private record ConfirmedDrift(BookedState booked, String availBefore, long drift) {}

  private void chunk(Run run, int shard, List<BookedState> chunk) {
    long now = clock.millis();
    List<RedisFuture<List<Object>>> replies = new ArrayList<>(chunk.size());
    for (BookedState account : chunk) {
      AccountId id = AccountId.of(account.id());
      replies.add(
          observe.submit(
              pipeline,
              ScriptOutputType.MULTI,
              new String[] {RedisKeys.balance(id), RedisKeys.holds(id), RedisKeys.holdSeen(id)},
              Long.toString(now)));
    }
    List<Cached> cached = new ArrayList<>(chunk.size());
    List<Account> missing = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      BookedState account = chunk.get(i);
      run.checked++;
      if ("CLOSED".equals(account.status()) && account.balance() != 0) {
        run.closedWithBalance++;
        run.finding(
            account.id() + " is CLOSED but holds " + account.balance() + " " + account.currency());
      }
      List<Object> reply = LuaScript.await(replies.get(i));
      if ("MISSING".equals(reply.getFirst())) {
        missing.add(account.toAccount());
      } else {
        cached.add(parse(account, reply));
      }
    }
    loadMissing(run, shard, missing);
    Set<String> touched = settleOldHolds(run, shard, cached, now);
    List<ConfirmedDrift> confirmed = new ArrayList<>();
    for (Cached account : cached) {
      if (!touched.contains(account.booked().id())) {
        compare(run, account, confirmed);
      }
    }
    repairConfirmed(run, shard, confirmed);
  }

  private static Cached parse(BookedState account, List<Object> reply) {
    List<Hold> holds = new ArrayList<>();
    // {'OK', avail, status, owner, cur, tx1, amount1, seen1, tx2, ...}
    for (int at = 5; at + 2 < reply.size(); at += 3) {
      holds.add(
          new Hold(
              (String) reply.get(at),
              Long.parseLong((String) reply.get(at + 1)),
              Long.parseLong((String) reply.get(at + 2))));
    }
    return new Cached(
        account,
        (String) reply.get(1),
        (String) reply.get(2),
        (String) reply.get(3),
        (String) reply.get(4),
        holds);
  }

  private void loadMissing(Run run, int shard, List<Account> missing) {
    if (missing.isEmpty()) {
      return;
    }
    Map<String, BookedEntries.Books> books =
        bookedEntries.of(shard, missing.stream().map(Account::id).toList());
    List<Account> loadable = new ArrayList<>(missing.size());
    for (Account account : missing) {
      BookedEntries.Books booked = books.get(account.id());
      if (booked != null && !booked.consistent()) {
        // Not loaded: the gateway keeps refusing the account rather than trust that balance.
        run.ledgerInconsistent(shard, account.id(), booked, "not loaded into the cache");
      } else {
        loadable.add(account);
      }
    }
    // The marker says every account is cached, so a missing entry was lost (or evicted):
    // the gateway would answer unknown-account. Loading is HSETNX-like, safe against a
    // concurrent open or projection.
    cache.loadIfAbsent(loadable.stream().map(Account::booked).toList());
    for (Account account : loadable) {
      run.repair(
          new ReconciliationReport.Repair(
              account.id(),
              "missing",
              null,
              account.balance(),
              null,
              Long.toString(account.balance())));
    }
  }

  /** Closes decided holds and releases orphaned ones; returns the accounts it changed. */
  private Set<String> settleOldHolds(Run run, int shard, List<Cached> cached, long now) {
    Map<UUID, Cached> owners = new HashMap<>();
    Map<UUID, Hold> holdsByTx = new HashMap<>();
    for (Cached account : cached) {
      for (Hold hold : account.holds()) {
        if (now - hold.seenAtMs() >= properties.holdLookupAfterMs()) {
          UUID txId = TxId.parse(hold.txId()).value();
          owners.put(txId, account);
          holdsByTx.put(txId, hold);
        }
      }
    }
    Set<String> touched = new HashSet<>();
    if (owners.isEmpty()) {
      return touched;
    }
    Map<UUID, TransactionRow> decided = new HashMap<>();
    reads
        .on(shard, () -> transactions.findByTxIdIn(owners.keySet()))
        .forEach(row -> decided.put(row.txId(), row));
    for (var entry : holdsByTx.entrySet()) {
      String account = owners.get(entry.getKey()).booked().id();
      Hold hold = entry.getValue();
      TransactionRow row = decided.get(entry.getKey());
      if (row != null && row.payer().equals(account)) {
        TxId txId = new TxId(row.txId());
        cache.rememberDecided(txId, new AccountId(account), row.status(), row.reason());
        if (cache.applyToAccount(account, row.status(), txId, row.amount())) {
          touched.add(account);
          run.repair(
              new ReconciliationReport.Repair(
                  account, "hold-decided", hold.txId(), hold.amount(), "held", row.status()));
        }
      } else if (row == null && now - hold.seenAtMs() >= properties.holdReleaseAfterMs()) {
        if (release(account, hold)) {
          touched.add(account);
          run.repair(
              new ReconciliationReport.Repair(
                  account,
                  "hold-released",
                  hold.txId(),
                  hold.amount(),
                  "held " + (now - hold.seenAtMs()) / 1000 + " s",
                  "released"));
        }
      }
    }
    return touched;
  }

  private boolean release(String account, Hold hold) {
    AccountId id = AccountId.of(account);
    Long released =
        releaseHold.run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {
              RedisKeys.balance(id),
              RedisKeys.holds(id),
              RedisKeys.released(id),
              RedisKeys.holdSeen(id)
            },
            hold.txId(),
            Long.toString(hold.amount()));
    return released == 1;
  }

  private void compare(Run run, Cached account, List<ConfirmedDrift> confirmed) {
    BookedState booked = account.booked();
    String mismatch = fieldMismatch(account);
    long drift = 0;
    if ("CUSTOMER".equals(booked.kind())) {
      long held = 0;
      for (Hold hold : account.holds()) {
        held = Math.addExact(held, hold.amount());
      }
      drift =
          Math.subtractExact(
              Long.parseLong(account.avail()), Math.subtractExact(booked.balance(), held));
      if (drift != 0) {
        run.drift(
            booked, Long.parseLong(account.avail()), held, drift, isConfirmedDrift(booked, drift));
      }
    }
    if (drift == 0 && mismatch.isEmpty()) {
      return;
    }
    Observation seenBefore = previous.get(booked.id());
    if (run.observations.size() < properties.maxTracked()) {
      run.observations.put(booked.id(), new Observation(drift, booked.lastEntryId(), mismatch));
    }
    if (!mismatch.isEmpty() && seenBefore != null && mismatch.equals(seenBefore.fieldMismatch())) {
      repairFields(run, account);
    }
    if (drift != 0 && isConfirmedDrift(booked, drift)) {
      confirmed.add(new ConfirmedDrift(booked, account.avail(), drift));
    }
  }

  /**
   * Repairs confirmed drifts whose booked balance the shard's entries explain; one query for the
   * chunk's confirmed drifts. A balance they do not explain is reported instead, every run.
   */
  private void repairConfirmed(Run run, int shard, List<ConfirmedDrift> confirmed) {
    if (confirmed.isEmpty()) {
      return;
    }
    Map<String, BookedEntries.Books> books =
        bookedEntries.of(shard, confirmed.stream().map(drift -> drift.booked().id()).toList());
    for (ConfirmedDrift drift : confirmed) {
      BookedState booked = drift.booked();
      BookedEntries.Books now = books.get(booked.id());
      if (now != null && !now.consistent()) {
        run.ledgerInconsistent(shard, booked.id(), now, "available balance not repaired");
      } else if (now == null
          || now.lastEntryId() != booked.lastEntryId()
          || now.balance() != booked.balance()) {
        // Booked to (or gone) since the chunk was read: no longer the confirmed drift.
        continue;
      } else if (run.repairsAllowed) {
        repairAvailable(run, booked, drift.availBefore(), drift.drift());
      } else {
        run.postponed++;
      }
    }
  }

  private boolean isConfirmedDrift(BookedState booked, long drift) {
    Observation seenBefore = previous.get(booked.id());
    return seenBefore != null
        && seenBefore.drift() == drift
        && seenBefore.lastEntryId() == booked.lastEntryId();
  }

  private static String fieldMismatch(Cached account) {
    BookedState booked = account.booked();
    StringBuilder mismatch = new StringBuilder();
    if (!booked.status().equals(account.status())) {
      mismatch.append("status:").append(account.status()).append('>').append(booked.status());
    }
    if (!booked.owner().equals(account.owner())) {
      mismatch.append(";owner:").append(account.owner()).append('>').append(booked.owner());
    }
    if (!booked.currency().equals(account.currency())) {
      mismatch.append(";cur:").append(account.currency()).append('>').append(booked.currency());
    }
    return mismatch.toString();
  }

  private void repairFields(Run run, Cached account) {
    BookedState booked = account.booked();
    setIfUnchanged(run, booked.id(), "status", account.status(), booked.status());
    setIfUnchanged(run, booked.id(), "owner", account.owner(), booked.owner());
    setIfUnchanged(run, booked.id(), "cur", account.currency(), booked.currency());
  }

  private void setIfUnchanged(
      Run run, String account, String field, String observed, String wanted) {
    if (observed.equals(wanted)) {
      return;
    }
    Long set =
        setField.run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {RedisKeys.balance(AccountId.of(account))},
            field,
            observed,
            wanted);
    if (set == 1) {
      run.repair(
          new ReconciliationReport.Repair(
              account, field.equals("cur") ? "currency" : field, null, 0, observed, wanted));
    }
  }

  private void repairAvailable(Run run, BookedState booked, String availBefore, long drift) {
    AccountId id = AccountId.of(booked.id());
    List<Object> reply =
        repairAvailable.run(
            redis,
            ScriptOutputType.MULTI,
            new String[] {RedisKeys.balance(id), RedisKeys.holds(id)},
            Long.toString(booked.balance()),
            Long.toString(drift));
    if ("REPAIRED".equals(reply.getFirst())) {
      run.repair(
          new ReconciliationReport.Repair(
              booked.id(), "available", null, -drift, availBefore, (String) reply.get(1)));
      run.observations.remove(booked.id());
    } else {
      log.info("drift of {} on {} not repaired: {}", drift, booked.id(), reply);
    }
  }

  /** Mutable state of one pass (one thread). */
  private final class Run {
    private final String trigger;
    private final Instant startedAt;
    private final Map<String, Observation> observations = new HashMap<>();
    private final List<ReconciliationReport.Drift> drifts = new ArrayList<>();
    private final List<ReconciliationReport.Repair> repairs = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private long projectionLag = -1;
    private boolean repairsAllowed;
    private long checked;
    private long drifting;
    private long driftSum;
    private long postponed;
    private long closedWithBalance;
    private final List<ReconciliationReport.LedgerInconsistency> inconsistencies =
        new ArrayList<>();
    private long ledgerInconsistent;
    private long repairCount;
    private boolean truncated;

    Run(String trigger, Instant startedAt) {
      this.trigger = trigger;
      this.startedAt = startedAt;
    }

    void drift(BookedState booked, long available, long held, long drift, boolean confirmed) {
      drifting++;
      driftSum = Math.addExact(driftSum, Math.abs(drift));
      if (drifts.size() < properties.maxReported()) {
        drifts.add(
            new ReconciliationReport.Drift(
                booked.id(), available, booked.balance(), held, drift, confirmed));
      } else {
        truncated = true;
      }
    }

    void repair(ReconciliationReport.Repair repair) {
      repairCount++;
      log.warn(
          "reconciliation repaired {} of {}: {} -> {} (tx {}, amount {})",
          repair.kind(),
          repair.account(),
          repair.before(),
          repair.after(),
          repair.transactionId(),
          repair.amount());
      Counter.builder("payflow.reconciliation.repairs")
          .tag("kind", repair.kind())
          .description("changes reconciliation made to the balance cache, by kind")
          .register(meters)
          .increment();
      if (repairs.size() < properties.maxReported()) {
        repairs.add(repair);
      } else {
        truncated = true;
      }
    }

    void ledgerInconsistent(
        int shard, String account, BookedEntries.Books books, String consequence) {
      ledgerInconsistent++;
      finding(
          "ledger-inconsistent: "
              + account
              + " on shard "
              + shard
              + " is booked at "
              + books.balance()
              + " but its entries sum to "
              + books.entriesSum().toPlainString()
              + "; "
              + consequence
              + " (run POST /api/v1/chain/verify)");
      if (inconsistencies.size() < properties.maxReported()) {
        inconsistencies.add(
            new ReconciliationReport.LedgerInconsistency(
                account, shard, books.balance(), books.entriesSum()));
      } else {
        truncated = true;
      }
    }

    void finding(String finding) {
      if (findings.size() < properties.maxReported()) {
        log.warn("reconciliation finding: {}", finding);
        findings.add(finding);
      } else {
        truncated = true;
      }
    }

    ReconciliationReport finish(String outcome, String detail) {
      return new ReconciliationReport(
          trigger,
          outcome,
          detail,
          startedAt,
          clock.instant(),
          projectionLag,
          repairsAllowed,
          checked,
          drifting,
          driftSum,
          postponed,
          closedWithBalance,
          ledgerInconsistent,
          repairCount,
          List.copyOf(drifts),
          List.copyOf(repairs),
          List.copyOf(inconsistencies),
          List.copyOf(findings),
          truncated);
    }
  }
}
