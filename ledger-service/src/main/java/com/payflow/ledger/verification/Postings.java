package com.payflow.ledger.verification;

/**
 * The entries settlement writes for a row (docs/settlement.md, "Money movements"), so that what the
 * books should hold can be recomputed from the rows alone: a settled payment debits its payer and
 * credits its payee on the payer's shard, or the shard's clearing account when the payee lives
 * elsewhere; a credit leg debits the payee shard's clearing account and credits the payee. A
 * rejected payment posts nothing.
 */
final class Postings {

  /** Prefix of the per-shard, per-currency clearing account (settlement's SettlementDecider). */
  static final String CLEARING_PREFIX = "@clearing:";

  private Postings() {}

  /** Receives one posting: {@code amount} (signed) to {@code account} for {@code txId}. */
  @FunctionalInterface
  interface Sink {
    void post(byte[] txId, String account, String currency, long amount);
  }

  /** The clearing account of {@code currency} (one per shard). */
  static String clearingAccount(String currency) {
    return CLEARING_PREFIX + currency;
  }

  /** The postings {@code payment} implies on its own (the payer's) shard. */
  static void of(PaymentRow payment, Sink sink) {
    if (!payment.settled()) {
      return;
    }
    // amount > 0 is a CHECK of the table, so the negation cannot overflow.
    sink.post(payment.txId(), payment.payer(), payment.currency(), -payment.amount());
    sink.post(payment.txId(), payment.creditAccount(), payment.currency(), payment.amount());
  }

  /** The postings {@code leg} implies on the payee's shard. */
  static void of(CreditLegRow leg, Sink sink) {
    sink.post(leg.txId(), clearingAccount(leg.currency()), leg.currency(), -leg.amount());
    sink.post(leg.txId(), leg.payee(), leg.currency(), leg.amount());
  }
}
