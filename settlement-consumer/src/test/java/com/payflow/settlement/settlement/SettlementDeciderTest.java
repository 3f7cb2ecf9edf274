package com.payflow.settlement.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.event.RejectionReason;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SettlementDeciderTest {

  private static final int SHARD = 0;
  private static final ClientId CLIENT = new ClientId("c");
  private static final String CLEARING = SettlementDecider.clearingAccount("EUR");

  private final Map<String, AccountRow> accounts = new HashMap<>();
  private final Map<String, AccountRow> remote = new HashMap<>();
  private final Map<String, Integer> payeeShards = new HashMap<>();
  private int keys;

  @Test
  void decide_settlesInOrder_untilTheBalanceRunsOut() {
    customer("a", 100);
    customer("b", 0);
    var outcome = decide(pay("a", "b", 60), pay("a", "b", 60), pay("a", "b", 40));
    assertThat(outcome.decisions())
        .extracting(Decision::rejection)
        .containsExactly(null, RejectionReason.INSUFFICIENT_FUNDS, null);
    assertThat(outcome.deltas()).containsEntry("a", -100L).containsEntry("b", 100L);
  }

  @Test
  void decide_parksCrossShardMoneyInClearing() {
    customer("a", 100);
    remote.put(
        "z",
        new AccountRow(
            "z", Currency.getInstance("EUR"), AccountRow.Kind.CUSTOMER, AccountRow.Status.OPEN, 0));
    payeeShards.put("z", 3);
    accounts.put(
        CLEARING,
        new AccountRow(
            CLEARING,
            Currency.getInstance("EUR"),
            AccountRow.Kind.CLEARING,
            AccountRow.Status.OPEN,
            0));
    var outcome = decide(pay("a", "z", 30));
    assertThat(outcome.decisions().getFirst().settled()).isTrue();
    assertThat(outcome.decisions().getFirst().payeeShard()).isEqualTo(3);
    assertThat(outcome.deltas()).containsEntry("a", -30L).containsEntry(CLEARING, 30L);
  }

  @Test
  void decide_rejectsUnknownClosedAndMismatchedAccounts_withReasons() {
    customer("a", 100);
    accounts.put(
        "closed",
        new AccountRow(
            "closed",
            Currency.getInstance("EUR"),
            AccountRow.Kind.CUSTOMER,
            AccountRow.Status.CLOSED,
            0));
    accounts.put(
        "usd",
        new AccountRow(
            "usd",
            Currency.getInstance("USD"),
            AccountRow.Kind.CUSTOMER,
            AccountRow.Status.OPEN,
            0));
    accounts.put(
        CLEARING,
        new AccountRow(
            CLEARING,
            Currency.getInstance("EUR"),
            AccountRow.Kind.CLEARING,
            AccountRow.Status.OPEN,
            0));
    var outcome =
        decide(
            pay("a", "missing", 1),
            pay("a", "closed", 1),
            pay("a", "usd", 1),
            pay("ghost", "a", 1));
    assertThat(outcome.decisions())
        .extracting(Decision::rejection)
        .containsExactly(
            RejectionReason.UNKNOWN_PAYEE, RejectionReason.PAYEE_CLOSED,
            RejectionReason.CURRENCY_MISMATCH, RejectionReason.UNKNOWN_PAYER);
    assertThat(outcome.deltas()).isEmpty();
  }

  @Test
  void clearingAccounts_cannotBeNamedByAPayment() {
    // '@' is outside the AccountId alphabet: the contract itself keeps clearing internal.
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new AccountId(CLEARING));
  }

  @Test
  void decide_letsTheFundingAccountGoNegative_butNeverACustomer() {
    accounts.put(
        "funding",
        new AccountRow(
            "funding",
            Currency.getInstance("EUR"),
            AccountRow.Kind.FUNDING,
            AccountRow.Status.OPEN,
            0));
    customer("a", 0);
    var outcome = decide(pay("funding", "a", 500), pay("a", "funding", 501));
    assertThat(outcome.decisions())
        .extracting(Decision::rejection)
        .containsExactly(null, RejectionReason.INSUFFICIENT_FUNDS);
    assertThat(outcome.deltas()).containsEntry("funding", -500L).containsEntry("a", 500L);
  }

  @Test
  void decide_rejectsWhatWouldOverflowABalance() {
    accounts.put(
        "funding",
        new AccountRow(
            "funding",
            Currency.getInstance("EUR"),
            AccountRow.Kind.FUNDING,
            AccountRow.Status.OPEN,
            0));
    customer("rich", Long.MAX_VALUE - 10);
    var outcome = decide(pay("funding", "rich", 11));
    assertThat(outcome.decisions().getFirst().rejection())
        .isEqualTo(RejectionReason.BALANCE_OVERFLOW);
    assertThat(outcome.deltas()).isEmpty();
  }

  @Property(tries = 200)
  void deltasAlwaysSumToZero_andNoCustomerEndsNegative(
      @ForAll @IntRange(min = 1, max = 60) int count,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    accounts.clear();
    Random random = new Random(seed);
    List<String> ids = List.of("a", "b", "c", "d");
    ids.forEach(id -> customer(id, random.nextInt(500)));
    List<PaymentSubmitted> payments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String payer = ids.get(random.nextInt(ids.size()));
      String payee = ids.get(random.nextInt(ids.size()));
      if (!payer.equals(payee)) {
        payments.add(pay(payer, payee, 1 + random.nextInt(300)));
      }
    }
    var outcome = decide(payments.toArray(PaymentSubmitted[]::new));
    assertThat(outcome.deltas().values().stream().mapToLong(Long::longValue).sum()).isZero();
    for (String id : ids) {
      assertThat(accounts.get(id).balance() + outcome.deltas().getOrDefault(id, 0L))
          .isNotNegative();
    }
  }

  private void customer(String id, long balance) {
    accounts.put(
        id,
        new AccountRow(
            id,
            Currency.getInstance("EUR"),
            AccountRow.Kind.CUSTOMER,
            AccountRow.Status.OPEN,
            balance));
    payeeShards.put(id, SHARD);
  }

  private PaymentSubmitted pay(String payer, String payee, long amount) {
    payeeShards.putIfAbsent(payee, SHARD);
    return new PaymentSubmitted(
        TxId.forPayment(CLIENT, "k" + keys++),
        CLIENT,
        new AccountId(payer),
        new AccountId(payee),
        new Money(amount, Currency.getInstance("EUR")),
        "",
        Instant.EPOCH);
  }

  private SettlementDecider.Outcome decide(PaymentSubmitted... payments) {
    return SettlementDecider.decide(SHARD, List.of(payments), accounts, remote, payeeShards);
  }
}
