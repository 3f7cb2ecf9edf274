package com.payflow.transaction.projection;

import com.payflow.transaction.account.Accounts;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Loads every account's booked balance into Redis when the cache is not marked ready. */
@Component
class CacheWarmUp {

  private static final Logger log = LoggerFactory.getLogger(CacheWarmUp.class);

  private final Accounts accounts;
  private final BalanceCache cache;

  CacheWarmUp(Accounts accounts, BalanceCache cache) {
    this.accounts = accounts;
    this.cache = cache;
  }

  @EventListener(ApplicationReadyEvent.class)
  void warmUp() {
    if (cache.isReady()) {
      return;
    }
    AtomicLong loaded = new AtomicLong();
    accounts.forEachChunk(500, chunk -> chunk.forEach(account -> {
      if (cache.loadIfAbsent(account.id(), account.owner(), account.currency(),
          account.status(), account.balance())) {
        loaded.incrementAndGet();
      }
    }));
    cache.markReady();
    log.info("balance cache warmed: {} accounts loaded", loaded.get());
  }
}
