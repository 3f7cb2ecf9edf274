package com.payflow.transaction.payment;

import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.client.ApiAccess;
import com.payflow.transaction.projection.BalanceCache;
import com.payflow.transaction.system.ApiProblem;
import com.payflow.transaction.transaction.TransactionLookup;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The status of a payment as its submitter may learn it, never 404 for one that exists (ADR 0013).
 * In order: the status hash in Redis (written by the gateway and the projection); the payment's
 * shard row when Redis does not know the payment or its submitter (Redis flushed or restarted: the
 * hash is written back); and when no shard has a row, whether settlement has passed every
 * submission in Kafka: only then is "no such payment" true, else the answer is "not known yet".
 */
@Component
class PaymentStatuses {

  private static final String STATUS = "status";
  private static final String CLIENT = "client";

  private final BalanceCache cache;
  private final TransactionLookup lookup;
  private final SettlementProgress progress;
  private final Semaphore checks;

  PaymentStatuses(
      BalanceCache cache,
      TransactionLookup lookup,
      SettlementProgress progress,
      PaymentStatusProperties properties) {
    this.cache = cache;
    this.lookup = lookup;
    this.progress = progress;
    this.checks = new Semaphore(properties.maxConcurrentChecks());
  }

  PaymentStatusView statusOf(ClientId caller, TxId txId) {
    Map<String, String> cached = cache.status(txId);
    String status = cached.get(STATUS);
    if (status != null && cached.containsKey(CLIENT)) {
      if (!mayRead(caller, new ClientId(cached.get(CLIENT)))) {
        throw notFound(txId);
      }
      if (!PaymentStatus.OUTCOME_UNKNOWN.name().equals(status)) {
        return new PaymentStatusView(txId, PaymentStatus.valueOf(status), cached.get("reason"));
      }
    }
    Optional<TransactionLookup.Decision> decided = lookup.decision(txId);
    if (decided.isPresent()) {
      TransactionLookup.Decision decision = decided.get();
      if (!mayRead(caller, decision.submitter())) {
        throw notFound(txId);
      }
      cache.rememberDecided(txId, decision.payer(), decision.status(), decision.reason());
      cache.rememberSubmitter(txId, decision.submitter());
      return new PaymentStatusView(
          txId, PaymentStatus.valueOf(decision.status()), decision.reason());
    }
    if (PaymentStatus.OUTCOME_UNKNOWN.name().equals(status)) {
      // The gateway could not learn whether Kafka took it: only the client's retry with the
      // same Idempotency-Key settles that, so no check here could answer more truthfully.
      return new PaymentStatusView(txId, PaymentStatus.OUTCOME_UNKNOWN, null);
    }
    if (status != null) {
      // ACCEPTED (Kafka acknowledged it) known to Redis, but without its submitter: the gateway's
      // bookkeeping is still being completed. Accepted is true; who may read it is not known.
      throw notYetKnown(txId);
    }
    return absentUnlessSettlementBehind(caller, txId);
  }

  private PaymentStatusView absentUnlessSettlementBehind(ClientId caller, TxId txId) {
    if (!checks.tryAcquire()) {
      throw new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "lookup-busy",
          "too many status lookups of payments Redis does not know are running; retry");
    }
    try {
      boolean caughtUp = progress.caughtUpWithNow();
      // Read again after the check: a payment accepted before it has its row by now.
      Optional<TransactionLookup.Decision> decided = lookup.decision(txId);
      if (decided.isPresent()) {
        return statusOf(caller, txId);
      }
      if (caughtUp) {
        throw notFound(txId);
      }
      throw notYetKnown(txId);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw notYetKnown(txId);
    } catch (SettlementProgress.KafkaUnavailable unknown) {
      throw notYetKnown(txId);
    } finally {
      checks.release();
    }
  }

  private static boolean mayRead(ClientId caller, ClientId submitter) {
    return ApiAccess.OPERATOR.equals(caller) || caller.equals(submitter);
  }

  private static ApiProblem notFound(TxId txId) {
    // Another client's payment answers exactly like one that does not exist: no existence oracle.
    return new ApiProblem(
        HttpStatus.NOT_FOUND,
        "payment-not-found",
        "no payment " + txId + " was accepted for this client");
  }

  private static ApiProblem notYetKnown(TxId txId) {
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "status-not-yet-known",
        "the status of "
            + txId
            + " cannot be told yet (settlement has not processed every"
            + " accepted payment, or Kafka is unreachable); retry the same GET");
  }
}
