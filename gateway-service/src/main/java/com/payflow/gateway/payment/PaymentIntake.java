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
 * Guard, then change, then emit: nothing is acknowledged that is not durably in Kafka.
 */
@Service
class PaymentIntake {

  private static final Logger log = LoggerFactory.getLogger(PaymentIntake.class);

  private final BalanceHolds holds;
  private final SubmissionPublisher publisher;
  private final GatewayProperties properties;
  private final Clock clock;

  PaymentIntake(BalanceHolds holds, SubmissionPublisher publisher,
      GatewayProperties properties, Clock clock) {
    this.holds = holds;
    this.publisher = publisher;
    this.properties = properties;
    this.clock = clock;
  }

  /** The HTTP answer to a submission: status and exact body (replays reuse both). */
  record Answer(int httpStatus, String body, TxId txId, boolean replayed) {}

  /** Admitted by {@link IntakeAdmissionFilter}, which bounds how many run at once. */
  Answer submit(ClientId client, String idempotencyKey, PaymentRequest request) {
    String key = PaymentValidation.idempotencyKey(idempotencyKey);
    PaymentValidation.ValidPayment payment = PaymentValidation.validate(request);
    return hold(client, key, payment);
  }

  private Answer hold(ClientId client, String key, PaymentValidation.ValidPayment payment) {
    TxId txId = TxId.forPayment(client, key);
    String keyHash = Fingerprints.key(key);
    HoldOutcome outcome = holds.hold(client, keyHash, Fingerprints.request(payment), txId,
        payment.payer(), payment.amount());
    return switch (outcome) {
      case HoldOutcome.Held held -> enqueue(client, keyHash, txId, payment);
      case HoldOutcome.Resume resume -> enqueue(client, keyHash, txId, payment);
      case HoldOutcome.Replay replay -> new Answer(replay.httpStatus(), replay.body(), txId,
          true);
      case HoldOutcome.Mismatch mismatch -> throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
          "Idempotency-Key reused with a different request",
          "this Idempotency-Key was already used for a different payment");
      case HoldOutcome.InProgress inProgress -> throw new ApiProblem(HttpStatus.CONFLICT,
          "idempotency-key-in-progress", "Request with this key in progress",
          "a request with this Idempotency-Key is still being processed; retry shortly",
          Map.of(), properties.retryAfterSeconds());
      case HoldOutcome.Refused refused -> throw refusal(refused, payment);
    };
  }

  private Answer enqueue(ClientId client, String keyHash, TxId txId,
      PaymentValidation.ValidPayment payment) {
    PaymentSubmitted event = new PaymentSubmitted(txId, client, payment.payer(),
        payment.payee(), payment.amount(), payment.reference(), clock.instant());
    try {
      publisher.send(event);
    } catch (SubmissionPublisher.EnqueueFailedException notDurable) {
      log.warn("enqueue of {} failed, releasing hold: {}", txId, notDurable.getMessage());
      holds.release(client, keyHash, txId, payment.payer());
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "enqueue-failed",
          "Payment not accepted", "the payment could not be queued and was not accepted; "
              + "retry with the same Idempotency-Key", Map.of(), properties.retryAfterSeconds());
    }
    String body = AcceptedBody.json(txId);
    holds.complete(client, keyHash, txId, payment.payer(), HttpStatus.ACCEPTED.value(), body);
    return new Answer(HttpStatus.ACCEPTED.value(), body, txId, false);
  }

  private ApiProblem refusal(HoldOutcome.Refused refused,
      PaymentValidation.ValidPayment payment) {
    return switch (refused.reason()) {
      case INSUFFICIENT_FUNDS -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT,
          "insufficient-funds", "Insufficient funds",
          "available balance of " + payment.payer() + " is below " + payment.amount());
      case NOT_OWNER -> new ApiProblem(HttpStatus.FORBIDDEN, "forbidden-account",
          "Not your account", "this client may not debit " + payment.payer());
      case ACCOUNT_CLOSED -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "account-closed",
          "Account closed", payment.payer() + " is closed");
      case CURRENCY_MISMATCH -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT,
          "currency-mismatch", "Currency mismatch", refused.detail());
      case UNKNOWN_ACCOUNT -> holds.cacheReady()
          ? new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-account",
              "Unknown account", payment.payer() + " does not exist")
          : new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "balance-cache-warming",
              "Balances are being loaded", "the balance cache is being rebuilt; retry shortly",
              Map.of(), properties.retryAfterSeconds());
    };
  }
}
