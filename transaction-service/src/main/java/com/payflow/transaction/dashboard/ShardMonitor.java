package com.payflow.transaction.dashboard;

import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.shard.Shards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Per shard, in its own loop: tails {@code transactions} by shard sequence (gap-free and committed
 * in order per shard, so reading {@code shard_seq > last} misses nothing), feeding the time series,
 * the recent payments and the decided counters; and every {@code balance-interval-ms} sums the
 * balances per currency (Σ per shard is 0 in every committed state — each shard transaction's
 * entries sum to 0, cross-shard money waits in the shard's clearing account — so the global Σ is 0
 * whatever the moments the shards were read).
 */
final class ShardMonitor {

  /** What the page shows of one shard. */
  record ShardView(
      int shard,
      boolean up,
      String error,
      long transactions,
      long tailBehind,
      long accounts,
      Map<String, Long> balanceSums,
      Map<String, Long> clearing,
      long balancesAt) {}

  private static final String TAIL_SQL =
      "SELECT tx_id, shard_seq, payer, payee, amount, "
          + "currency, status, reason, submitted_us, decided_us FROM transactions "
          + "WHERE shard_seq > ? AND shard_seq <= ? ORDER BY shard_seq LIMIT ?";
  private static final String SUMS_SQL =
      "SELECT currency, kind, SUM(balance), COUNT(*) " + "FROM accounts GROUP BY currency, kind";

  private final Shards shards;
  private final DashboardProperties properties;
  private final SecondSeries series;
  private final RecentPayments recent;
  private final MeterRegistry meters;
  private final Clock clock;
  private final long startedMicros;
  private final long[] lastSeq;
  private final long[] lastBalances;
  private final ShardView[] views;
  private final Map<String, Counter> decided = new ConcurrentHashMap<>();
  private final DistributionSummary latency;
  private final MultiGauge balanceGauge;
  private final AtomicLong sumOk = new AtomicLong(-1);

  ShardMonitor(
      Shards shards,
      DashboardProperties properties,
      SecondSeries series,
      RecentPayments recent,
      MeterRegistry meters,
      Clock clock) {
    this.shards = shards;
    this.properties = properties;
    this.series = series;
    this.recent = recent;
    this.meters = meters;
    this.clock = clock;
    this.startedMicros = clock.millis() * 1000;
    int count = shards.count();
    this.lastSeq = new long[count];
    this.lastBalances = new long[count];
    this.views = new ShardView[count];
    for (int shard = 0; shard < count; shard++) {
      lastSeq[shard] = -1;
      views[shard] = new ShardView(shard, false, "not read yet", 0, 0, 0, Map.of(), Map.of(), 0);
      int s = shard;
      Gauge.builder("payflow.dashboard.shard.transactions", () -> views[s].transactions())
          .description("transactions on the shard (shard sequence)")
          .tag("shard", Integer.toString(shard))
          .register(meters);
    }
    this.latency =
        DistributionSummary.builder("payflow.dashboard.settle.latency")
            .baseUnit("seconds")
            .description(
                "submit -> decided on the payer shard, settled payments"
                    + " (decided_us - submitted_us of the shard row)")
            .publishPercentileHistogram()
            .minimumExpectedValue(0.001)
            .maximumExpectedValue(120.0)
            .register(meters);
    this.balanceGauge =
        MultiGauge.builder("payflow.dashboard.balance.sum")
            .description("sum of all balances per shard and currency (must be 0)")
            .register(meters);
    Gauge.builder("payflow.dashboard.balance.sum.ok", sumOk, AtomicLong::get)
        .description("1: every shard read and every currency sums to 0; 0: not; -1 unknown")
        .register(meters);
  }

  /** Starts one loop per shard. */
  void start(Loops loops) {
    for (int shard = 0; shard < shards.count(); shard++) {
      int s = shard;
      loops.every("shard-" + shard, properties.tailIntervalMs(), () -> round(s) > 0);
    }
  }

  /** The latest view of every shard. */
  List<ShardView> views() {
    synchronized (views) {
      return List.of(views.clone());
    }
  }

  /** Σ per currency over all shards; empty when some shard's balances are unknown. */
  Map<String, Long> globalSums() {
    Map<String, Long> sums = new TreeMap<>();
    for (ShardView view : views()) {
      if (view.balancesAt() == 0) {
        return Map.of();
      }
      view.balanceSums().forEach((currency, sum) -> sums.merge(currency, sum, Long::sum));
    }
    return sums;
  }

  /** One round for {@code shard}: tail, and the balances when due; returns rows left unread. */
  long round(int shard) {
    JdbcTemplate jdbc = shards.shard(shard);
    try {
      Long high =
          jdbc.queryForObject(
              "SELECT next_tx_seq - 1 FROM shard_sequence WHERE id = 1", Long.class);
      long highest = high == null ? 0 : high;
      long behind = tail(shard, jdbc, highest);
      ShardView before = view(shard);
      Map<String, Long> sums = before.balanceSums();
      Map<String, Long> clearing = before.clearing();
      long accounts = before.accounts();
      long balancesAt = before.balancesAt();
      long now = clock.millis();
      if (now - lastBalances[shard] >= properties.balanceIntervalMs()) {
        Map<String, Long> newSums = new TreeMap<>();
        Map<String, Long> newClearing = new TreeMap<>();
        long[] accountCount = {0};
        jdbc.query(
            SUMS_SQL,
            rs -> {
              String currency = rs.getString(1);
              long sum = rs.getLong(3);
              newSums.merge(currency, sum, Long::sum);
              if ("CLEARING".equals(rs.getString(2))) {
                newClearing.merge(currency, sum, Long::sum);
              }
              accountCount[0] += rs.getLong(4);
            });
        sums = newSums;
        clearing = newClearing;
        accounts = accountCount[0];
        balancesAt = now;
        lastBalances[shard] = now;
      }
      setView(
          new ShardView(shard, true, null, highest, behind, accounts, sums, clearing, balancesAt));
      return behind;
    } catch (RuntimeException unavailable) {
      ShardView before = view(shard);
      setView(
          new ShardView(
              shard,
              false,
              rootMessage(unavailable),
              before.transactions(),
              before.tailBehind(),
              before.accounts(),
              before.balanceSums(),
              before.clearing(),
              before.balancesAt()));
      throw unavailable;
    } finally {
      publishBalances();
    }
  }

  /** Reads rows after the last one seen (at most tail-max-rows); returns rows still unread. */
  private long tail(int shard, JdbcTemplate jdbc, long highest) {
    if (lastSeq[shard] < 0 || lastSeq[shard] > highest) {
      lastSeq[shard] = Math.max(0, highest - properties.tailBackfillRows());
    }
    if (highest <= lastSeq[shard]) {
      return 0;
    }
    long[] last = {lastSeq[shard]};
    jdbc.query(
        TAIL_SQL,
        rs -> {
          byte[] id = rs.getBytes(1);
          long seq = rs.getLong(2);
          String status = rs.getString(7);
          String reason = rs.getString(8);
          long submittedUs = rs.getLong(9);
          long decidedUs = rs.getLong(10);
          boolean settled = "SETTLED".equals(status);
          long latencyUs =
              submittedUs > 0 && decidedUs >= submittedUs ? decidedUs - submittedUs : -1;
          series.addDecided(
              Math.floorDiv(decidedUs, 1_000_000L), settled, reason, settled ? latencyUs : -1);
          recent.add(
              TxId.fromBytes(id).value().toString(),
              shard,
              seq,
              rs.getString(3),
              rs.getString(4),
              rs.getLong(5),
              rs.getString(6),
              status,
              reason,
              submittedUs,
              decidedUs);
          if (decidedUs >= startedMicros) {
            count(status, reason);
            if (settled && latencyUs >= 0) {
              latency.record(latencyUs / 1_000_000.0);
            }
          }
          last[0] = seq;
        },
        lastSeq[shard],
        highest,
        properties.tailMaxRows());
    lastSeq[shard] = last[0];
    return highest - last[0];
  }

  private void count(String status, String reason) {
    String reasonTag = reason == null ? "none" : reason;
    decided
        .computeIfAbsent(
            status + "|" + reasonTag,
            key ->
                Counter.builder("payflow.dashboard.payments.decided")
                    .description(
                        "payments decided on the shards (payer side), seen by the dashboard tail")
                    .tags("status", status, "reason", reasonTag)
                    .register(meters))
        .increment();
  }

  private void publishBalances() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    boolean allRead = true;
    for (ShardView view : views()) {
      if (!view.up() || view.balancesAt() == 0) {
        allRead = false;
      }
      view.balanceSums()
          .forEach(
              (currency, sum) ->
                  rows.add(
                      MultiGauge.Row.of(
                          Tags.of("shard", Integer.toString(view.shard()), "currency", currency),
                          sum)));
    }
    balanceGauge.register(rows, true);
    Map<String, Long> global = globalSums();
    sumOk.set(!allRead ? -1 : global.values().stream().allMatch(sum -> sum == 0) ? 1 : 0);
  }

  private ShardView view(int shard) {
    synchronized (views) {
      return views[shard];
    }
  }

  private void setView(ShardView view) {
    synchronized (views) {
      views[view.shard()] = view;
    }
  }

  /**
   * A short description of a failure for the page: the outermost exception that is not a mere
   * wrapper and has a message (e.g. "ConnectException: Connection refused" rather than the
   * message-less ClosedChannelException below it), bounded in length.
   */
  static String rootMessage(Throwable failure) {
    Throwable pick = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      boolean wrapper =
          t instanceof java.util.concurrent.CompletionException
              || t instanceof java.util.concurrent.ExecutionException;
      if (!wrapper && t.getMessage() != null && !t.getMessage().isBlank()) {
        pick = t;
        break;
      }
      if (!wrapper && pick == null) {
        pick = t;
      }
    }
    Throwable chosen = pick == null ? failure : pick;
    String message = chosen.getMessage();
    return chosen.getClass().getSimpleName()
        + (message == null
            ? ""
            : ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message));
  }
}
