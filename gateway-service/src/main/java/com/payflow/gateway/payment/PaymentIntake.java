package com.payflow.gateway.payment;

import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.payment.TxId;
import com.payflow.gateway.balance.BalanceHolds;
import com.payflow.gateway.balance.HoldOutcome;
import com.payflow.gateway.system.ApiProblem;
import com.payflow.gateway.system.GatewayProperties;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Intake of one payment: hold (one Redis round trip), acknowledged Kafka send, stored response.
 * Guard, then change, then emit: nothing is acknowledged that is not durably in Kafka, nothing is
 * refused that may still settle, and what is unknown is answered as unknown (docs/api.md).
 */
@Service
class PaymentIntake {

  private static final Logger log = LoggerFactory.getLogger(PaymentIntake.class);

  private final BalanceHolds holds;
  private final SubmissionPublisher publisher;
  private final DeferredCompletions completions;
  private final GatewayProperties properties;
  private final Clock clock;

  PaymentIntake(
      BalanceHolds holds,
      SubmissionPublisher publisher,
      DeferredCompletions completions,
      GatewayProperties properties,
      Clock clock) {
    this.holds = holds;
    this.publisher = publisher;
    this.completions = completions;
    this.properties = properties;
    this.clock = clock;
  }

  /** The HTTP answer to a submission: status and exact body (replays reuse both). */
  record Answer(int httpStatus, String body, TxId txId, boolean replayed) {}

  /** Admitted by {@link IntakeAdmission}, which bounds how many run at once. */
  Answer submit(ClientId client, String idempotencyKey, PaymentRequest request) {
    String key = PaymentValidation.idempotencyKey(idempotencyKey);
    PaymentValidation.ValidPayment payment = PaymentValidation.validate(request);
    return hold(client, key, payment);
  }

  private Answer hold(ClientId client, String key, PaymentValidation.ValidPayment payment) {
    TxId txId = TxId.forPayment(client, key);
    String keyHash = Fingerprints.key(key);
    HoldOutcome outcome =
        holds.hold(
            client,
            keyHash,
            Fingerprints.request(payment),
            txId,
            payment.payer(),
            payment.amount());
    return switch (outcome) {
      case HoldOutcome.Held held -> enqueue(client, keyHash, txId, payment, false);
      case HoldOutcome.Resume resume -> enqueue(client, keyHash, txId, payment, true);
      case HoldOutcome.Replay replay -> new Answer(replay.httpStatus(), replay.body(), txId, true);
      case HoldOutcome.Mismatch mismatch ->
          throw new ApiProblem(
              HttpStatus.UNPROCESSABLE_CONTENT,
              "idempotency-key-reused",
              "Idempotency-Key reused with a different request",
              "this Idempotency-Key was already used for a different payment");
      case HoldOutcome.InProgress inProgress ->
          throw new ApiProblem(
              HttpStatus.CONFLICT,
              "idempotency-key-in-progress",
              "Request with this key in progress",
              "a request with this Idempotency-Key is still being processed; retry shortly",
              Map.of(),
              properties.retryAfterSeconds());
      case HoldOutcome.Refused refused -> throw refusal(refused, payment);
    };
  }

  /**
   * Sends the payment. {@code resumed}: an earlier attempt with this key (outcome unknown, or its
   * gateway died) may have reached Kafka, so even a send that certainly failed now cannot mean that
   * nothing will settle.
   */
  private Answer enqueue(
      ClientId client,
      String keyHash,
      TxId txId,
      PaymentValidation.ValidPayment payment,
      boolean resumed) {
    PaymentSubmitted event =
        new PaymentSubmitted(
            txId,
            client,
            payment.payer(),
            payment.payee(),
            payment.amount(),
            payment.reference(),
            clock.instant());
    return switch (publisher.send(event)) {
      case SendOutcome.Acknowledged acknowledged -> {
        String body = AcceptedBody.json(txId);
        completions.complete(
            new DeferredCompletions.Completion(
                client, keyHash, txId, payment.payer(), HttpStatus.ACCEPTED.value(), body));
        yield new Answer(HttpStatus.ACCEPTED.value(), body, txId, false);
      }
      case SendOutcome.NotWritten notWritten ->
          throw resumed
              ? outcomeUnknown(
                  client,
                  keyHash,
                  txId,
                  payment,
                  new SendOutcome.Unknown(
                      notWritten.reason()
                          + "; an earlier attempt with this key may have been queued"))
              : notAccepted(client, keyHash, txId, payment, notWritten);
      case SendOutcome.Unknown unknown ->
          throw outcomeUnknown(client, keyHash, txId, payment, unknown);
    };
  }

  /** Certainly not in Kafka: the hold and the key are released, the client may retry. */
  private ApiProblem notAccepted(
      ClientId client,
      String keyHash,
      TxId txId,
      PaymentValidation.ValidPayment payment,
      SendOutcome.NotWritten notWritten) {
    log.warn("{} was not written to Kafka, releasing its hold: {}", txId, notWritten.reason());
    try {
      holds.release(client, keyHash, txId, payment.payer());
    } catch (RuntimeException redisFailed) {
      // Still true: nothing was written. The hold stays until the retry with the key resumes
      // (after the takeover delay) or reconciliation releases it.
      log.warn("release of {} failed: {}", txId, redisFailed.toString());
    }
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "enqueue-failed",
        "Payment not accepted",
        "the payment was not queued and will not be settled; "
            + "retry with the same Idempotency-Key",
        Map.of("transactionId", txId.toString()),
        properties.retryAfterSeconds());
  }

  /**
   * Maybe in Kafka: the hold and the pending record stay (the payment may settle), and the retry
   * with the same key resends the same tx id, which settlement de-duplicates.
   */
  private ApiProblem outcomeUnknown(
      ClientId client,
      String keyHash,
      TxId txId,
      PaymentValidation.ValidPayment payment,
      SendOutcome.Unknown unknown) {
    log.warn("outcome of the send of {} is unknown, keeping its hold: {}", txId, unknown.reason());
    try {
      holds.markUnknown(client, keyHash, txId, payment.payer());
    } catch (RuntimeException redisFailed) {
      // The record stays PENDING: the retry resumes after the takeover delay instead of at once.
      log.warn("marking {} as outcome-unknown failed: {}", txId, redisFailed.toString());
    }
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "outcome-unknown",
        "Payment outcome unknown",
        "the payment may or may not have been queued; retry with the"
            + " same Idempotency-Key to learn the outcome: it will settle at most once",
        Map.of(
            "transactionId",
            txId.toString(),
            "statusUrl",
            PaymentSubmissionServlet.statusPath(txId)),
        properties.retryAfterSeconds());
  }

  private ApiProblem refusal(HoldOutcome.Refused refused, PaymentValidation.ValidPayment payment) {
    return switch (refused.reason()) {
      case INSUFFICIENT_FUNDS ->
          new ApiProblem(
              HttpStatus.UNPROCESSABLE_CONTENT,
              "insufficient-funds",
              "Insufficient funds",
              "available balance of " + payment.payer() + " is below " + payment.amount());
      case NOT_OWNER ->
          new ApiProblem(
              HttpStatus.FORBIDDEN,
              "forbidden-account",
              "Not your account",
              "this client may not debit " + payment.payer());
      case ACCOUNT_CLOSED ->
          new ApiProblem(
              HttpStatus.UNPROCESSABLE_CONTENT,
              "account-closed",
              "Account closed",
              payment.payer() + " is closed");
      case CURRENCY_MISMATCH ->
          new ApiProblem(
              HttpStatus.UNPROCESSABLE_CONTENT,
              "currency-mismatch",
              "Currency mismatch",
              refused.detail());
      case UNKNOWN_ACCOUNT ->
          holds.cacheReady()
              ? new ApiProblem(
                  HttpStatus.UNPROCESSABLE_CONTENT,
                  "unknown-account",
                  "Unknown account",
                  payment.payer() + " does not exist")
              : new ApiProblem(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  "balance-cache-warming",
                  "Balances are being loaded",
                  "the balance cache is being rebuilt; retry shortly",
                  Map.of(),
                  properties.retryAfterSeconds());
    };
  }
}
