package com.payflow.gateway.payment;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import com.payflow.gateway.balance.BalanceHolds;
import com.payflow.gateway.system.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Finishes the Redis bookkeeping of payments Kafka already acknowledged when the first attempt
 * failed (Redis slow, paused or restarting). The client was answered 202 regardless: the payment is
 * durable and will settle, and a failure of this bookkeeping must never be reported as a failure of
 * the payment.
 *
 * <p>Until it is done, the idempotency record stays PENDING (a retry with the key gets 409, then
 * resumes after the takeover delay and settlement de-duplicates it) and the status hash may lack
 * the client (transaction-service then answers the status from the shard row). So dropping a
 * completion when the queue is full or the attempts run out loses no money and tells no lie; it
 * only costs the slower paths, and is counted.
 */
@Component
class DeferredCompletions implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DeferredCompletions.class);

  private final BalanceHolds holds;
  private final GatewayProperties properties;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("completion-retry").factory());
  private final AtomicInteger queued = new AtomicInteger();
  private final Counter deferred;
  private final Counter completedLate;
  private final Counter abandoned;

  DeferredCompletions(BalanceHolds holds, GatewayProperties properties, MeterRegistry meters) {
    this.holds = holds;
    this.properties = properties;
    this.deferred =
        Counter.builder("payflow.intake.completion.deferred")
            .description("accepted payments whose Redis completion failed and was queued for retry")
            .register(meters);
    this.completedLate =
        Counter.builder("payflow.intake.completion.completed.late")
            .description("deferred completions that succeeded on a retry")
            .register(meters);
    this.abandoned =
        Counter.builder("payflow.intake.completion.abandoned")
            .description(
                "deferred completions given up (queue full or attempts exhausted);"
                    + " the record converges through takeover and the status through the shard row")
            .register(meters);
    Gauge.builder("payflow.intake.completion.queued", queued, AtomicInteger::get)
        .description("deferred completions waiting for a retry")
        .register(meters);
  }

  /** One acknowledged payment's bookkeeping. */
  record Completion(
      ClientId client, String keyHash, TxId txId, AccountId payer, int httpStatus, String body) {}

  /** Completes now; on failure queues retries in the background and returns normally. */
  void complete(Completion completion) {
    try {
      run(completion);
    } catch (RuntimeException failed) {
      defer(completion, failed);
    }
  }

  private void defer(Completion completion, RuntimeException cause) {
    if (queued.incrementAndGet() > properties.completionRetryCapacity()) {
      queued.decrementAndGet();
      abandoned.increment();
      log.warn(
          "completion of accepted {} failed and the retry queue is full"
              + " (payflow.gateway.completion-retry-capacity): {}",
          completion.txId(),
          cause.toString());
      return;
    }
    deferred.increment();
    log.warn(
        "completion of accepted {} failed, retrying in the background: {}",
        completion.txId(),
        cause.toString());
    schedule(completion, 1);
  }

  private void schedule(Completion completion, int attempt) {
    retries.schedule(
        () -> retry(completion, attempt),
        properties.completionRetryIntervalMs() * attempt,
        TimeUnit.MILLISECONDS);
  }

  private void retry(Completion completion, int attempt) {
    try {
      run(completion);
      queued.decrementAndGet();
      completedLate.increment();
    } catch (RuntimeException stillFailing) {
      if (attempt >= properties.completionRetryMaxAttempts()) {
        queued.decrementAndGet();
        abandoned.increment();
        log.warn(
            "giving up the completion of accepted {} after {} attempts"
                + " (payflow.gateway.completion-retry-max-attempts): {}",
            completion.txId(),
            attempt,
            stillFailing.toString());
        return;
      }
      schedule(completion, attempt + 1);
    }
  }

  private void run(Completion completion) {
    holds.complete(
        completion.client(),
        completion.keyHash(),
        completion.txId(),
        completion.payer(),
        completion.httpStatus(),
        completion.body());
  }

  @Override
  public void destroy() {
    retries.shutdown();
  }
}
