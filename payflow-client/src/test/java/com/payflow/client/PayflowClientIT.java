package com.payflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.chain.LedgerKeyFile;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.proof.ProofVerificationException;
import com.payflow.testsupport.RunningPlatform;
import com.payflow.testsupport.Signals;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client against the platform ./platform test started (through Nginx): every result type
 * produced for real, an outcome-unknown from a frozen broker resumed to exactly one settlement, and
 * a receipt verified offline with the pinned ledger key (and refused with another).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayflowClientIT {

  private static final Currency EUR = Currency.getInstance("EUR");
  private static final long FUNDS = 10_000;
  private static final Duration DECIDED_WITHIN = Duration.ofSeconds(60);
  private static final Duration ANCHORED_WITHIN = Duration.ofSeconds(90);

  private RunningPlatform platform;
  private PayflowClient operator;
  private PayflowClient alice;
  private AccountId payer;
  private AccountId payee;

  @BeforeAll
  void start() {
    platform = RunningPlatform.fromRunFolder();
    operator = client(platform.require("PAYFLOW_OPERATOR_API_KEY"), RetryPolicy.DEFAULT);
    alice = client(platform.require("DEMO_ALICE_API_KEY"), RetryPolicy.DEFAULT);
    payer = account("alice");
    payee = account("bob");
    operator.fund(payer, Money.of(FUNDS, "EUR"), UUID.randomUUID().toString());
    awaitBooked(payer, FUNDS);
  }

  @Test
  void aPayment_isAccepted_settles_andItsReceiptVerifiesOnlyWithTheLedgersKey() throws Exception {
    SubmitResult result = alice.submit(payment(payer, payee, 100));

    assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
    SubmitResult.Accepted accepted = (SubmitResult.Accepted) result;
    assertThat(alice.await(accepted.txId(), DECIDED_WITHIN))
        .isEqualTo(new PaymentState.Settled(accepted.txId()));
    SubmitResult replay = alice.submit(payment(payer, payee, 100), accepted.idempotencyKey());
    assertThat(replay)
        .isEqualTo(
            new SubmitResult.Accepted(
                accepted.idempotencyKey(), accepted.txId(), accepted.statusUrl(), true, 1));

    Receipt receipt = awaitReceipt(accepted, ledgerKeys());
    assertThat(receipt.txId()).isEqualTo(accepted.txId());
    assertThat(receipt.verified().contents().txId()).isEqualTo(accepted.txId().value());
    assertThat(receipt.headHeight()).isGreaterThanOrEqualTo(receipt.blockHeight());

    PublicKey stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    assertThatThrownBy(
            () -> alice.receipt(accepted.txId(), Map.of(ChainSignatures.keyId(stranger), stranger)))
        .isInstanceOf(ProofVerificationException.class);
  }

  @Test
  void history_followsTheCursorPageByPage_newestFirst() {
    AccountId own = account("alice");
    operator.fund(own, Money.of(500, "EUR"), UUID.randomUUID().toString());
    awaitBooked(own, 500);
    SubmitResult.Accepted paid = (SubmitResult.Accepted) alice.submit(payment(own, payee, 120));
    assertThat(alice.await(paid.txId(), DECIDED_WITHIN)).isInstanceOf(PaymentState.Settled.class);

    List<HistoryEntry> history = new ArrayList<>();
    alice.history(own, 1).forEach(history::add); // one entry per page: two cursors followed

    assertThat(history).extracting(HistoryEntry::amount).containsExactly(-120L, 500L);
    assertThat(history.getFirst().transactionId()).isEqualTo(paid.txId().toString());
    assertThat(history).extracting(HistoryEntry::balanceAfter).containsExactly(380L, 500L);
    assertThat(alice.balance(own).booked()).isEqualTo(380);
  }

  @Test
  void refusals_areTypedPerProblem() {
    assertThat(refusal(alice.submit(payment(payer, payee, FUNDS * 100))))
        .isEqualTo(ProblemKind.INSUFFICIENT_FUNDS);
    assertThat(refusal(alice.submit(payment(AccountId.of("alice-nope-" + suffix()), payee, 1))))
        .isEqualTo(ProblemKind.UNKNOWN_ACCOUNT);
    assertThat(refusal(alice.submit(payment(payee, payer, 1))))
        .isEqualTo(ProblemKind.FORBIDDEN_ACCOUNT);
    assertThat(
            refusal(
                alice.submit(
                    new PaymentRequest(payer, payee, Money.of(1, "EUR"), "x".repeat(141)))))
        .isEqualTo(ProblemKind.INVALID_FIELD);
    String key = UUID.randomUUID().toString();
    assertThat(alice.submit(payment(payer, payee, 3), key))
        .isInstanceOf(SubmitResult.Accepted.class);
    assertThat(refusal(alice.submit(payment(payer, payee, 4), key)))
        .isEqualTo(ProblemKind.IDEMPOTENCY_KEY_REUSED);
  }

  @Test
  void aPaymentToAnUnknownPayee_isAccepted_thenRejected() {
    AccountId nobody = AccountId.of("bob-nope-" + suffix());
    SubmitResult.Accepted accepted =
        (SubmitResult.Accepted) alice.submit(payment(payer, nobody, 5));

    assertThat(alice.await(accepted.txId(), DECIDED_WITHIN))
        .isEqualTo(new PaymentState.Rejected(accepted.txId(), "UNKNOWN_PAYEE"));
  }

  @Test
  void aFrozenBroker_isOutcomeUnknown_andResumingSettlesExactlyOnce() throws Exception {
    OptionalLong broker = platform.kafkaPid();
    assumeTrue(broker.isPresent(), "needs the Kafka broker ./platform up started");
    AccountId ownPayer = account("alice");
    operator.fund(ownPayer, Money.of(1_000, "EUR"), UUID.randomUUID().toString());
    awaitBooked(ownPayer, 1_000);
    PayflowClient impatient =
        client(
            platform.require("DEMO_ALICE_API_KEY"),
            new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(500), 0));
    PaymentRequest payment = payment(ownPayer, payee, 700);

    // Frozen for both attempts (each waits out the gateway's 3 s send timeout).
    SubmitResult first;
    Signals.stop(broker.getAsLong());
    try {
      first = impatient.submit(payment);
    } finally {
      Signals.resume(broker.getAsLong());
    }

    assertThat(first).isInstanceOf(SubmitResult.OutcomeUnknown.class);
    assertThat(((SubmitResult.OutcomeUnknown) first).mayHaveBeenQueued()).isTrue();
    SubmitResult resumed = alice.resume((SubmitResult.OutcomeUnknown) first, payment);
    assertThat(resumed).isInstanceOf(SubmitResult.Accepted.class);
    SubmitResult.Accepted accepted = (SubmitResult.Accepted) resumed;
    assertThat(alice.await(accepted.txId(), DECIDED_WITHIN))
        .isInstanceOf(PaymentState.Settled.class);
    // Both sends may have reached Kafka: settlement books the id once.
    awaitBooked(ownPayer, 300);
    assertThat(alice.balance(ownPayer).booked()).isEqualTo(300);
  }

  // --- helpers ---------------------------------------------------------------------------

  private PayflowClient client(String key, RetryPolicy retries) {
    return PayflowClient.builder()
        .baseUrl(platform.baseUrl())
        .apiKey(key)
        .requestTimeout(Duration.ofSeconds(10))
        .retries(retries)
        .build();
  }

  private AccountId account(String owner) {
    return operator.openAccount(AccountId.of(owner + "-cl-" + suffix()), owner, EUR);
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static PaymentRequest payment(AccountId from, AccountId to, long value) {
    return new PaymentRequest(from, to, Money.of(value, "EUR"), "client-it");
  }

  private static ProblemKind refusal(SubmitResult result) {
    assertThat(result).isInstanceOf(SubmitResult.Refused.class);
    return ((SubmitResult.Refused) result).problem().kind();
  }

  /** Booked and available both at {@code value}: funded and settled, and the cache updated. */
  private void awaitBooked(AccountId account, long value) {
    long deadline = System.nanoTime() + DECIDED_WITHIN.toNanos();
    Balance balance = operator.balance(account);
    while (balance.booked() != value
        || balance.available() == null
        || balance.available() != value) {
      assertThat(System.nanoTime())
          .as("%s booked and available %d in time: %s", account, value, balance)
          .isLessThan(deadline);
      sleep(200);
      balance = operator.balance(account);
    }
  }

  /** The ledger's public key, pinned from the run folder (never fetched from the server). */
  private Map<String, PublicKey> ledgerKeys() throws Exception {
    PublicKey key =
        LedgerKeyFile.publicKey(Path.of(platform.require("PAYFLOW_RUN_DIR"), "ledger-signing.key"));
    return Map.of(ChainSignatures.keyId(key), key);
  }

  /** The receipt once the payment's batch is anchored in a signed block. */
  private Receipt awaitReceipt(SubmitResult.Accepted accepted, Map<String, PublicKey> keys)
      throws ProofVerificationException {
    long deadline = System.nanoTime() + ANCHORED_WITHIN.toNanos();
    while (true) {
      try {
        return alice.receipt(accepted.txId(), keys);
      } catch (PayflowException notAnchoredYet) {
        assertThat(System.nanoTime())
            .as("anchored in time: %s", notAnchoredYet.getMessage())
            .isLessThan(deadline);
        sleep(500);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }
}
