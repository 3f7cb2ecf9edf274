package com.payflow.transaction.account;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.transaction.projection.BalanceCache;
import com.payflow.transaction.system.ApiProblem;
import com.payflow.transaction.system.TransactionProperties;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Funding moves money from the currency's funding account (the only account that may go negative)
 * to a customer, through the same Kafka → settlement path as every payment.
 */
@Component
public class Funding {

  /** Owner of system accounts. */
  static final ClientId SYSTEM = new ClientId("system");

  private final Accounts accounts;
  private final BalanceCache cache;
  private final KafkaTemplate<String, byte[]> kafka;
  private final TransactionProperties properties;
  private final Clock clock;

  Funding(
      Accounts accounts,
      BalanceCache cache,
      KafkaTemplate<String, byte[]> kafka,
      TransactionProperties properties,
      Clock clock) {
    this.accounts = accounts;
    this.cache = cache;
    this.kafka = kafka;
    this.properties = properties;
    this.clock = clock;
  }

  /** The funding account of a currency. */
  public static AccountId fundingAccount(String currency) {
    return new AccountId("funding:" + currency);
  }

  /** Makes sure the EUR funding account exists on its shard. */
  @EventListener(ApplicationReadyEvent.class)
  public void ensureFundingAccounts() {
    accounts.open(fundingAccount("EUR"), SYSTEM, "EUR", "FUNDING");
  }

  /** Queues a funding transfer; idempotent per key. Returns its transaction id. */
  public TxId fund(AccountId account, Money amount, String idempotencyKey) {
    AccountId source = fundingAccount(amount.currencyCode());
    accounts.open(source, SYSTEM, amount.currencyCode(), "FUNDING");
    TxId txId = TxId.forSystemTransfer("funding", idempotencyKey);
    PaymentSubmitted event =
        new PaymentSubmitted(txId, SYSTEM, source, account, amount, "funding", clock.instant());
    CompletableFuture<?> sent;
    try {
      sent = kafka.send(properties.submittedTopic(), source.value(), EventJson.write(event));
    } catch (RuntimeException refusedBeforeSending) {
      throw new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "enqueue-failed",
          "funding could not be queued; this request queued nothing, retry with the same"
              + " Idempotency-Key");
    }
    // Once handed to the producer the record may be written even if no ack arrives in time;
    // the tx id is derived from the key, so a retry converges on one settlement (issue 14).
    try {
      sent.get(properties.sendTimeoutMs(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw outcomeUnknown(txId);
    } catch (ExecutionException | TimeoutException notAcknowledged) {
      throw outcomeUnknown(txId);
    }
    cache.markAccepted(txId, source, SYSTEM);
    return txId;
  }

  private static ApiProblem outcomeUnknown(TxId txId) {
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "outcome-unknown",
        "funding "
            + txId
            + " may have been queued; retry with the same Idempotency-Key to"
            + " learn the outcome");
  }
}
