package com.payflow.settlement.settlement;

import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.event.RejectionReason;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides, in submission order, which payments of one shard batch settle, and the resulting balance
 * change per account. Pure: the caller has locked the rows it passes in.
 */
public final class SettlementDecider {

  /** Name of the per-shard, per-currency clearing account that parks cross-shard money. */
  public static String clearingAccount(String currency) {
    return "@clearing:" + currency;
  }

  /** The decisions and the net balance delta per account (sorted by account id). */
  public record Outcome(List<Decision> decisions, TreeMap<String, Long> deltas) {}

  /**
   * Decides {@code payments} (all with their payer on {@code shard}). {@code localAccounts} holds
   * the locked rows of this shard; {@code remotePayees} the rows of payees on other shards, read
   * without lock; {@code payeeShardOf} routes payees.
   */
  public static Outcome decide(
      int shard,
      List<PaymentSubmitted> payments,
      Map<String, AccountRow> localAccounts,
      Map<String, AccountRow> remotePayees,
      Map<String, Integer> payeeShardOf) {
    List<Decision> decisions = new ArrayList<>(payments.size());
    TreeMap<String, Long> deltas = new TreeMap<>();
    for (PaymentSubmitted payment : payments) {
      String payerId = payment.payer().value();
      String payeeId = payment.payee().value();
      int payeeShard = payeeShardOf.get(payeeId);
      boolean local = payeeShard == shard;
      AccountRow payer = localAccounts.get(payerId);
      AccountRow payee = local ? localAccounts.get(payeeId) : remotePayees.get(payeeId);
      RejectionReason rejection = check(payment, payer, payee, deltas.getOrDefault(payerId, 0L));
      String creditAccount = local ? payeeId : clearingAccount(payment.amount().currencyCode());
      if (rejection == null) {
        rejection = apply(payment.amount().value(), payerId, creditAccount, localAccounts, deltas);
      }
      decisions.add(new Decision(payment, rejection, payeeShard));
    }
    return new Outcome(decisions, deltas);
  }

  private static RejectionReason check(
      PaymentSubmitted payment, AccountRow payer, AccountRow payee, long payerPendingDelta) {
    Currency currency = payment.amount().currency();
    if (payer == null || !payer.isAddressable()) {
      return RejectionReason.UNKNOWN_PAYER;
    }
    if (!payer.isOpen()) {
      return RejectionReason.PAYER_CLOSED;
    }
    if (payee == null || !payee.isAddressable()) {
      return RejectionReason.UNKNOWN_PAYEE;
    }
    if (!payee.isOpen()) {
      return RejectionReason.PAYEE_CLOSED;
    }
    if (!payer.currency().equals(currency) || !payee.currency().equals(currency)) {
      return RejectionReason.CURRENCY_MISMATCH;
    }
    if (payer.isCustomer()) {
      long available = payer.balance() + payerPendingDelta;
      if (available < payment.amount().value()) {
        return RejectionReason.INSUFFICIENT_FUNDS;
      }
    }
    return null;
  }

  private static RejectionReason apply(
      long amount,
      String debit,
      String credit,
      Map<String, AccountRow> accounts,
      TreeMap<String, Long> deltas) {
    try {
      long debitDelta = Math.subtractExact(deltas.getOrDefault(debit, 0L), amount);
      long creditDelta = Math.addExact(deltas.getOrDefault(credit, 0L), amount);
      // The resulting balances must be representable too, or the UPDATE would overflow.
      Math.addExact(accounts.get(debit).balance(), debitDelta);
      Math.addExact(accounts.get(credit).balance(), creditDelta);
      deltas.put(debit, debitDelta);
      deltas.put(credit, creditDelta);
      return null;
    } catch (ArithmeticException overflow) {
      return RejectionReason.BALANCE_OVERFLOW;
    }
  }

  private SettlementDecider() {}
}
