package com.payflow.transaction.dashboard;

import com.payflow.transaction.reconciliation.Reconciliation;
import com.payflow.transaction.reconciliation.ReconciliationReport;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Server-Sent Events stream the page listens to: every {@code push-interval-ms} one {@code
 * snapshot} event with the newest seconds of the time series, every panel's state and the payments
 * decided since the previous event; on connect a {@code snapshot} with the whole history. The JSON
 * is built once per interval, whatever the number of open pages; a page whose previous event is
 * still being written skips an interval instead of holding the others up.
 */
final class DashboardStream {

  private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);

  /** Seconds re-sent with every event: late shard rows land in seconds already sent. */
  private static final int RESEND_SECONDS = 5;

  /** Ledger-inconsistent accounts named on the page (the report has them all, up to its bound). */
  private static final int SHOWN_INCONSISTENCIES = 5;

  private record Subscriber(SseEmitter emitter, AtomicBoolean busy) {}

  private final DashboardProperties properties;
  private final SecondSeries series;
  private final RecentPayments recent;
  private final ShardMonitor shards;
  private final KafkaMonitor kafka;
  private final ServiceProbe probe;
  private final OperatorActions actions;
  private final Reconciliation reconciliation;
  private final JsonMapper json;
  private final Clock clock;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Loops loops;
  private long lastRecentSeq;

  DashboardStream(
      DashboardProperties properties,
      SecondSeries series,
      RecentPayments recent,
      ShardMonitor shards,
      KafkaMonitor kafka,
      ServiceProbe probe,
      OperatorActions actions,
      Reconciliation reconciliation,
      Loops loops,
      JsonMapper json,
      Clock clock) {
    this.properties = properties;
    this.series = series;
    this.recent = recent;
    this.shards = shards;
    this.kafka = kafka;
    this.probe = probe;
    this.actions = actions;
    this.reconciliation = reconciliation;
    this.loops = loops;
    this.json = json;
    this.clock = clock;
  }

  /** Starts the push loop. */
  void start() {
    loops.every("push", properties.pushIntervalMs(), this::push);
  }

  /** A new page: its emitter gets the full snapshot at once, then every pushed event. */
  SseEmitter subscribe() {
    SseEmitter emitter = new SseEmitter(10 * 60_000L);
    Subscriber subscriber = new Subscriber(emitter, new AtomicBoolean(true));
    emitter.onCompletion(() -> leave(subscriber));
    emitter.onTimeout(() -> leave(subscriber));
    emitter.onError(failure -> leave(subscriber));
    String full = json.writeValueAsString(snapshot(true, 0));
    try {
      emitter.send(SseEmitter.event().reconnectTime(2_000).name("snapshot").data(full));
      subscriber.busy().set(false);
      subscribers.add(subscriber);
      watchersChanged();
    } catch (IOException gone) {
      emitter.completeWithError(gone);
    }
    return emitter;
  }

  private void leave(Subscriber subscriber) {
    subscribers.remove(subscriber);
    watchersChanged();
  }

  /** The collectors run at full cadence only while a page is open. */
  private void watchersChanged() {
    loops.watched(!subscribers.isEmpty());
  }

  /** Number of open streams. */
  int subscribers() {
    return subscribers.size();
  }

  /** Sends the interval's event to every open page. */
  void push() {
    long since = lastRecentSeq;
    lastRecentSeq = recent.lastSeq();
    if (subscribers.isEmpty()) {
      return;
    }
    String event = json.writeValueAsString(snapshot(false, since));
    for (Subscriber subscriber : subscribers) {
      if (!subscriber.busy().compareAndSet(false, true)) {
        continue;
      }
      Thread.ofVirtual()
          .name("dashboard-send")
          .start(
              () -> {
                try {
                  subscriber.emitter().send(SseEmitter.event().name("snapshot").data(event));
                  subscriber.busy().set(false);
                } catch (IOException | IllegalStateException gone) {
                  leave(subscriber);
                  log.debug("dashboard stream closed: {}", gone.toString());
                }
              });
    }
  }

  /** The event: everything on the page; {@code full} with all history and recent payments. */
  Map<String, Object> snapshot(boolean full, long recentSince) {
    long now = clock.millis();
    long second = now / 1000;
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("t", now);
    event.put("full", full);
    event.put("historySeconds", series.size());
    event.put(
        "points",
        full
            ? series.points(second - series.size() + 1, second, true)
            : series.points(second - RESEND_SECONDS, second, false));
    event.put("recent", recent.since(full ? 0 : recentSince));

    List<ShardMonitor.ShardView> shardViews = shards.views();
    Map<String, Long> global = shards.globalSums();
    boolean allRead = shardViews.stream().allMatch(view -> view.up() && view.balancesAt() > 0);
    Map<String, Object> balance = new LinkedHashMap<>();
    balance.put("sums", global);
    balance.put(
        "state",
        global.isEmpty() && !allRead
            ? "unknown"
            : global.values().stream().anyMatch(sum -> sum != 0)
                ? "bad"
                : allRead ? "ok" : "stale");
    balance.put(
        "oldestReadAt",
        shardViews.stream().mapToLong(ShardMonitor.ShardView::balancesAt).min().orElse(0));
    event.put("balance", balance);
    event.put("shards", shardViews);
    event.put("kafka", kafka.view());
    ServiceProbe.View services = probe.view();
    event.put("health", services.health());
    event.put("breakers", services.breakers());
    event.put("intakeHistogram", services.intakeHistogram());
    Map<String, Object> ledger = new LinkedHashMap<>();
    ledger.put("head", services.ledger());
    ledger.put("verification", actions.verification());
    event.put("ledger", ledger);
    event.put("replay", actions.replay());
    event.put(
        "reconciliation", reconciliation.lastReport().map(DashboardStream::summary).orElse(null));
    return event;
  }

  private static Map<String, Object> summary(ReconciliationReport report) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("outcome", report.outcome());
    summary.put("trigger", report.trigger());
    summary.put("finishedAt", report.finishedAt());
    summary.put("accountsChecked", report.accountsChecked());
    summary.put("driftingAccounts", report.driftingAccounts());
    summary.put("driftAbsoluteSum", report.driftAbsoluteSum());
    summary.put("repairCount", report.repairCount());
    summary.put("repairsPostponed", report.repairsPostponed());
    summary.put("projectionLag", report.projectionLag());
    summary.put("closedWithBalance", report.closedWithBalance());
    summary.put("ledgerInconsistent", report.ledgerInconsistent());
    summary.put(
        "ledgerInconsistencies",
        report.ledgerInconsistencies().stream().limit(SHOWN_INCONSISTENCIES).toList());
    summary.put("detail", report.detail());
    return summary;
  }

  /** Ends every open stream (shutdown). */
  void close() {
    subscribers.forEach(subscriber -> subscriber.emitter().complete());
    subscribers.clear();
  }
}
