package com.payflow.ledger.verification;

import com.payflow.contracts.payment.TxId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Pairs every credit leg with the payment it carries out, across shards: all shards' settled
 * payments and credit legs are streamed in {@code tx_id} order (their primary key) and merged, so a
 * leg and its payment meet at the same key with one page per stream in memory. Every row passes
 * through the given callbacks on the way (the shards' fingerprints take them there).
 *
 * <p>A leg whose payment is in no shard's snapshot is kept aside, not reported: the snapshots are
 * opened one after the other, and a payment committed after its shard's snapshot may have had its
 * leg applied before the payee shard's. The caller re-reads those payments.
 */
final class CreditLegMatcher {

  /**
   * What the merge found.
   *
   * @param creditLegs legs seen
   * @param openCreditLegs settled cross-shard payments whose leg is applied nowhere yet (in flight,
   *     or dead-lettered because the payee closed: docs/settlement.md)
   * @param withoutPayment legs whose payment no snapshot held, to re-read (at most the bound)
   * @param problems legs that carry out no payment, in {@code tx_id} order (at most the bound)
   * @param truncated whether more problems existed than are listed
   */
  record Result(
      long creditLegs,
      long openCreditLegs,
      List<CreditLegRow> withoutPayment,
      List<Problem> problems,
      boolean truncated) {}

  /** The head of one stream in the merge. */
  private record Head(byte[] key, int stream) {}

  private final List<KeysetPages<PaymentRow>> payments;
  private final List<KeysetPages<CreditLegRow>> legs;
  private final int maxKept;
  private final byte[][] lastKey;
  private final List<Problem> problems = new ArrayList<>();
  private boolean truncated;

  /** Merges {@code payments} and {@code legs} (one stream per shard each). */
  CreditLegMatcher(
      List<KeysetPages<PaymentRow>> payments, List<KeysetPages<CreditLegRow>> legs, int maxKept) {
    this.payments = payments;
    this.legs = legs;
    this.maxKept = maxKept;
    this.lastKey = new byte[payments.size() + legs.size()][];
  }

  /** Runs the merge, handing every payment and leg to the callbacks. */
  Result run(Consumer<PaymentRow> onPayment, Consumer<CreditLegRow> onLeg) {
    PriorityQueue<Head> heads =
        new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
    for (int stream = 0; stream < lastKey.length; stream++) {
      enqueue(heads, stream);
    }
    long legCount = 0;
    long open = 0;
    List<CreditLegRow> withoutPayment = new ArrayList<>();
    List<PaymentRow> groupPayments = new ArrayList<>();
    List<CreditLegRow> groupLegs = new ArrayList<>();
    while (!heads.isEmpty()) {
      byte[] key = heads.peek().key();
      groupPayments.clear();
      groupLegs.clear();
      while (!heads.isEmpty() && Arrays.equals(heads.peek().key(), key)) {
        int stream = heads.poll().stream();
        if (stream < payments.size()) {
          groupPayments.add(payments.get(stream).next());
        } else {
          groupLegs.add(legs.get(stream - payments.size()).next());
        }
        enqueue(heads, stream);
      }
      groupPayments.forEach(onPayment);
      groupLegs.forEach(onLeg);
      legCount += groupLegs.size();
      open += pair(groupPayments, groupLegs, withoutPayment);
    }
    return new Result(legCount, open, withoutPayment, List.copyOf(problems), truncated);
  }

  /** Pairs the legs of one tx id with its payments; returns how many of those await a leg. */
  private long pair(
      List<PaymentRow> group, List<CreditLegRow> groupLegs, List<CreditLegRow> withoutPayment) {
    boolean[] carried = new boolean[group.size()];
    for (CreditLegRow leg : groupLegs) {
      int match = -1;
      for (int i = 0; i < group.size() && match < 0; i++) {
        if (!carried[i] && carriesOut(leg, group.get(i))) {
          match = i;
        }
      }
      if (match >= 0) {
        carried[match] = true;
      } else if (group.isEmpty()) {
        keep(withoutPayment, leg);
      } else {
        report(
            unmatched(
                leg,
                "its payment "
                    + describe(group.getFirst())
                    + " does not match it: "
                    + difference(leg, group.getFirst())));
      }
    }
    long open = 0;
    for (int i = 0; i < group.size(); i++) {
      PaymentRow payment = group.get(i);
      if (payment.settled() && payment.crossShard() && !carried[i]) {
        open++;
      }
    }
    return open;
  }

  private void keep(List<CreditLegRow> withoutPayment, CreditLegRow leg) {
    if (withoutPayment.size() < maxKept) {
      withoutPayment.add(leg);
    } else {
      // Beyond the bound the re-read is skipped: this many legs without a payment are no race.
      report(unmatched(leg, "no shard holds its payment"));
    }
  }

  private void report(Problem problem) {
    if (problems.size() < maxKept) {
      problems.add(problem);
    } else {
      truncated = true;
    }
  }

  /** Whether {@code leg} is exactly the second half of settled cross-shard {@code payment}. */
  static boolean carriesOut(CreditLegRow leg, PaymentRow payment) {
    return payment.settled()
        && payment.crossShard()
        && payment.payeeShard() == leg.shard()
        && payment.shard() == leg.payerShard()
        && payment.amount() == leg.amount()
        && payment.payer().equals(leg.payer())
        && payment.payee().equals(leg.payee())
        && payment.currency().equals(leg.currency());
  }

  /** A CREDIT_LEG_UNMATCHED problem for {@code leg}. */
  static Problem unmatched(CreditLegRow leg, String why) {
    return new Problem(
        Problem.Kind.CREDIT_LEG_UNMATCHED,
        null,
        leg.shard(),
        null,
        null,
        TxId.fromBytes(leg.txId()).toString(),
        "credit leg of "
            + leg.amount()
            + " "
            + leg.currency()
            + " to "
            + leg.payee()
            + " (payer shard "
            + leg.payerShard()
            + ") carries out no settled cross-shard payment: "
            + why,
        leg.payee(),
        null,
        null,
        null);
  }

  /** Why {@code leg} is not the second half of {@code payment}. */
  static String difference(CreditLegRow leg, PaymentRow payment) {
    if (!payment.settled()) {
      return "the payment is not SETTLED";
    }
    if (!payment.crossShard()) {
      return "the payment was settled within its shard";
    }
    if (payment.payeeShard() != leg.shard()) {
      return "the payment's payee is on shard " + payment.payeeShard();
    }
    if (payment.shard() != leg.payerShard()) {
      return "the leg names payer shard " + leg.payerShard();
    }
    return "payer, payee, amount or currency differ";
  }

  private static String describe(PaymentRow payment) {
    return "(shard " + payment.shard() + ", shard_seq " + payment.shardSeq() + ")";
  }

  private void enqueue(PriorityQueue<Head> heads, int stream) {
    byte[] key =
        stream < payments.size()
            ? keyOf(payments.get(stream).peek())
            : keyOf(legs.get(stream - payments.size()).peek());
    if (key == null) {
      return;
    }
    byte[] previous = lastKey[stream];
    if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
      // BINARY(16) orders by unsigned bytes; anything else would pair the wrong rows.
      throw new IllegalStateException(
          "stream "
              + stream
              + " is not in ascending tx_id order: "
              + TxId.fromBytes(key)
              + " after "
              + TxId.fromBytes(previous));
    }
    lastKey[stream] = key;
    heads.add(new Head(key, stream));
  }

  private static byte[] keyOf(PaymentRow row) {
    return row == null ? null : row.txId();
  }

  private static byte[] keyOf(CreditLegRow row) {
    return row == null ? null : row.txId();
  }
}
