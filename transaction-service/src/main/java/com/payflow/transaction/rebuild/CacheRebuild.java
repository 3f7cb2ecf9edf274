package com.payflow.transaction.rebuild;

import com.payflow.contracts.redis.RedisKeys;
import com.payflow.redis.LuaScript;
import com.payflow.redis.RedisSession;
import com.payflow.transaction.account.Account;
import com.payflow.transaction.account.Accounts;
import com.payflow.transaction.client.ClientRegistry;
import com.payflow.transaction.projection.BalanceCache;
import com.payflow.transaction.projection.CacheProperties;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the balance cache whenever the ready marker is missing: at start, and after Redis lost
 * its data (FLUSHALL, restart without persistence). Checked every {@code
 * payflow.cache.check-interval-ms}; one rebuild at a time.
 *
 * <p>A rebuild republishes the API keys first (the gateway authenticates with them), then streams
 * every account shard by shard in keyset chunks of {@code warm-up-chunk-size}, each chunk one query
 * and one pipelined Redis round trip (memory: one chunk), and sets the marker last. While it runs
 * the gateway answers 503 only for accounts not loaded yet (ADR 0006); an account is usable as soon
 * as its chunk is written.
 */
@Component
class CacheRebuild {

  private static final Logger log = LoggerFactory.getLogger(CacheRebuild.class);

  private final Accounts accounts;
  private final BalanceCache cache;
  private final ClientRegistry clients;
  private final RedisClusterCommands<String, String> redis;
  private final CacheProperties properties;
  private final Clock clock;
  private final LuaScript markReady = LuaScript.load("mark-ready");
  private final AtomicBoolean running = new AtomicBoolean();
  private final Counter rebuilds;
  private final Counter loadedAccounts;
  private final Timer durations;
  private final AtomicLong lastDurationMs = new AtomicLong(-1);

  CacheRebuild(
      Accounts accounts,
      BalanceCache cache,
      ClientRegistry clients,
      RedisSession connection,
      CacheProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.accounts = accounts;
    this.cache = cache;
    this.clients = clients;
    this.redis = connection.sync();
    this.properties = properties;
    this.clock = clock;
    this.rebuilds =
        Counter.builder("payflow.cache.rebuilds")
            .description("balance cache rebuilds completed (start, or after Redis lost its data)")
            .register(meters);
    this.loadedAccounts =
        Counter.builder("payflow.cache.rebuild.accounts")
            .description("accounts loaded into Redis by rebuilds")
            .register(meters);
    this.durations =
        Timer.builder("payflow.cache.rebuild.duration")
            .description("time from a missing ready marker noticed to the marker set")
            .register(meters);
    Gauge.builder("payflow.cache.rebuild.last.duration.ms", lastDurationMs, AtomicLong::get)
        .description("duration of the last completed rebuild (-1: none yet)")
        .register(meters);
    Gauge.builder("payflow.cache.rebuilding", running, flag -> flag.get() ? 1 : 0)
        .description("1 while a rebuild runs (the gateway may answer 503 for unloaded accounts)")
        .register(meters);
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    rebuildIfNotReady();
  }

  @Scheduled(
      fixedDelayString = "${payflow.cache.check-interval-ms}",
      initialDelayString = "${payflow.cache.check-interval-ms}")
  void check() {
    try {
      rebuildIfNotReady();
    } catch (RuntimeException redisOrShardDown) {
      // Retried at the next check; the marker stays absent, so the gateway keeps answering
      // 503 for accounts it cannot see instead of guessing.
      log.warn(
          "balance cache check failed, retrying in {} ms: {}",
          properties.checkIntervalMs(),
          redisOrShardDown.toString());
    }
  }

  /** Rebuilds unless the marker is present or a rebuild runs; returns whether it rebuilt. */
  boolean rebuildIfNotReady() {
    if (cache.isReady() || !running.compareAndSet(false, true)) {
      return false;
    }
    try {
      return rebuild();
    } finally {
      running.set(false);
    }
  }

  private boolean rebuild() {
    long startedNanos = System.nanoTime();
    String token = UUID.randomUUID().toString();
    String tokenKey = RedisKeys.rebuildToken(properties.readyKey());
    redis.set(tokenKey, token);
    log.warn(
        "balance cache not marked ready ({} missing): rebuilding from the shards",
        properties.readyKey());
    clients.publish();
    AtomicLong loaded = new AtomicLong();
    AtomicLong seen = new AtomicLong();
    accounts.forEachChunk(
        properties.warmUpChunkSize(),
        chunk -> {
          seen.addAndGet(chunk.size());
          loaded.addAndGet(cache.loadIfAbsent(chunk.stream().map(Account::booked).toList()));
        });
    Long marked =
        markReady.run(
            redis, ScriptOutputType.INTEGER, new String[] {properties.readyKey(), tokenKey}, token);
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    loadedAccounts.increment(loaded.get());
    if (marked != 1) {
      log.warn(
          "Redis was flushed during the rebuild ({} of {} accounts loaded in {} ms);"
              + " starting over at the next check",
          loaded.get(),
          seen.get(),
          took.toMillis());
      return false;
    }
    rebuilds.increment();
    durations.record(took);
    lastDurationMs.set(took.toMillis());
    log.info(
        "balance cache rebuilt at {}: {} accounts loaded ({} already cached) in {} ms",
        clock.instant(),
        loaded.get(),
        seen.get() - loaded.get(),
        took.toMillis());
    return true;
  }
}
