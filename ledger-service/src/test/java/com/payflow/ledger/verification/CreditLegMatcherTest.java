package com.payflow.ledger.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Credit legs meet their payments across shards in one merge by tx_id. */
class CreditLegMatcherTest {

  private static final int PAGE = 2;

  @Test
  void everyLegMeetsItsPayment_openLegsAreCounted_strangersAreKeptOrReported() {
    // Shard 0 pays shard 1 (legs applied there), shard 1 pays within itself.
    PaymentRow crossA = payment(0x10, 0, 1, 500);
    PaymentRow crossB = payment(0x20, 0, 1, 700);
    PaymentRow crossOpen = payment(0x30, 0, 1, 900);
    PaymentRow local = payment(0x15, 1, 1, 50);
    PaymentRow rejected = new PaymentRow(id(0x40), 0, 5, false, "p", "q", 5, "EUR", 1);
    CreditLegRow legA = leg(crossA);
    CreditLegRow legB = leg(crossB);
    CreditLegRow wrongAmount = new CreditLegRow(id(0x40), 1, "p", "q", 5, "EUR", 0);
    CreditLegRow stranger = new CreditLegRow(id(0x05), 1, "x", "thief", 1_000, "EUR", 0);

    List<PaymentRow> seenPayments = new ArrayList<>();
    List<CreditLegRow> seenLegs = new ArrayList<>();
    CreditLegMatcher.Result result =
        new CreditLegMatcher(
                List.of(pages(crossA, crossB, crossOpen, rejected), pages(local)),
                List.of(pages(), pages(stranger, legA, legB, wrongAmount)),
                10)
            .run(seenPayments::add, seenLegs::add);

    assertThat(seenPayments).hasSize(5);
    assertThat(seenLegs).hasSize(4);
    assertThat(result.creditLegs()).isEqualTo(4);
    assertThat(result.openCreditLegs()).as("crossOpen").isEqualTo(1);
    assertThat(result.withoutPayment()).containsExactly(stranger);
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.kind()).isEqualTo(Problem.Kind.CREDIT_LEG_UNMATCHED);
              assertThat(problem.shard()).isEqualTo(1);
              assertThat(problem.detail()).contains("not SETTLED");
            });
  }

  @Test
  void aLegMustNameItsPaymentsShardsAndFields() {
    PaymentRow cross = payment(0x10, 0, 1, 500);
    assertThat(CreditLegMatcher.carriesOut(leg(cross), cross)).isTrue();
    assertThat(
            CreditLegMatcher.carriesOut(
                new CreditLegRow(cross.txId(), 2, "p", "q", 500, "EUR", 0), cross))
        .as("applied on another shard")
        .isFalse();
    assertThat(
            CreditLegMatcher.carriesOut(
                new CreditLegRow(cross.txId(), 1, "p", "q", 500, "EUR", 3), cross))
        .as("names another payer shard")
        .isFalse();
    assertThat(
            CreditLegMatcher.carriesOut(
                new CreditLegRow(cross.txId(), 1, "p", "thief", 500, "EUR", 0), cross))
        .as("another payee")
        .isFalse();
    assertThat(
            CreditLegMatcher.carriesOut(
                new CreditLegRow(cross.txId(), 1, "p", "q", 501, "EUR", 0), cross))
        .as("another amount")
        .isFalse();
    PaymentRow local = payment(0x11, 1, 1, 500);
    assertThat(
            CreditLegMatcher.carriesOut(
                new CreditLegRow(local.txId(), 1, "p", "q", 500, "EUR", 1), local))
        .as("a payment within one shard has no leg")
        .isFalse();
  }

  @Test
  void aStreamOutOfOrder_stopsTheMerge() {
    KeysetPages<PaymentRow> unordered =
        new KeysetPages<>(
            last ->
                last == null ? List.of(payment(0x20, 0, 0, 1), payment(0x10, 0, 0, 1)) : List.of(),
            10);
    assertThatThrownBy(
            () ->
                new CreditLegMatcher(List.of(unordered), List.of(pages()), 10)
                    .run(p -> {}, l -> {}))
        .hasMessageContaining("ascending tx_id order");
  }

  private static PaymentRow payment(int key, int shard, int payeeShard, long amount) {
    return new PaymentRow(id(key), shard, key, true, "p", "q", amount, "EUR", payeeShard);
  }

  private static CreditLegRow leg(PaymentRow payment) {
    return new CreditLegRow(
        payment.txId(),
        payment.payeeShard(),
        payment.payer(),
        payment.payee(),
        payment.amount(),
        payment.currency(),
        payment.shard());
  }

  /** Rows served in pages of {@link #PAGE}, as a shard serves them (sorted by key). */
  @SafeVarargs
  private static <T> KeysetPages<T> pages(T... rows) {
    List<T> sorted = new ArrayList<>(List.of(rows));
    sorted.sort(Comparator.comparing(CreditLegMatcherTest::key, Arrays::compareUnsigned));
    return new KeysetPages<>(
        last -> {
          int from = last == null ? 0 : sorted.indexOf(last) + 1;
          return sorted.subList(from, Math.min(sorted.size(), from + PAGE));
        },
        PAGE);
  }

  private static byte[] key(Object row) {
    return row instanceof PaymentRow payment ? payment.txId() : ((CreditLegRow) row).txId();
  }

  private static byte[] id(int key) {
    return ByteBuffer.allocate(16).put(0, (byte) key).array();
  }
}
