package com.payflow.ledger.verification;

/**
 * One shard's books reduced to two comparisons under the run's secret weights, so that every entry
 * and account is read once, in primary-key order, without sorting, joining or grouping:
 *
 * <ol>
 *   <li>Σ w(tx, account, currency) × amount over the postings the shard's rows imply, against the
 *       same sum over its {@code entries}: equal exactly when the entries are those postings;
 *   <li>Σ w(account) × balance over {@code accounts}, against Σ w(account) × amount over {@code
 *       entries}: equal exactly when every stored balance is the sum of its entries.
 * </ol>
 *
 * <p>"Exactly" up to chance: the sums are exact 128-bit values and the weights independent 61-bit
 * secrets, so for any fixed set of differences the weighted sums agree with probability at most
 * 2^-61 ({@link WeightedSum}). A shard whose sums differ is then examined with exact queries
 * ({@link BooksDrillDown}), which name what differs.
 *
 * <p>The implied side is fed by one thread (the merge of payments and legs), the stored side
 * (entries, balances) by another (the shard's scan), each with its own weights of the run's key;
 * compare only after both are done.
 */
final class BooksFingerprint {

  private final PostingWeights impliedWeights;
  private final PostingWeights storedWeights;
  private final WeightedSum implied = new WeightedSum();
  private final WeightedSum entered = new WeightedSum();
  private final WeightedSum balances = new WeightedSum();
  private final WeightedSum entriesByAccount = new WeightedSum();

  /** Both weights must be of the same key: one per feeding thread. */
  BooksFingerprint(PostingWeights impliedWeights, PostingWeights storedWeights) {
    this.impliedWeights = impliedWeights;
    this.storedWeights = storedWeights;
  }

  /** A posting that a sealed transaction or credit leg of this shard implies. */
  void implied(byte[] txId, String account, String currency, long amount) {
    implied.add(impliedWeights.posting(txId, impliedWeights.account(account), currency), amount);
  }

  /** An {@code entries} row. */
  void entry(byte[] txId, String account, String currency, long amount) {
    long accountWeight = storedWeights.account(account);
    entered.add(storedWeights.posting(txId, accountWeight, currency), amount);
    entriesByAccount.add(accountWeight, amount);
  }

  /** An {@code accounts} row. */
  void balance(String account, long balance) {
    balances.add(storedWeights.account(account), balance);
  }

  /** Whether the entries are exactly the implied postings. */
  boolean entriesMatch() {
    return implied.sameAs(entered);
  }

  /** Whether every stored balance is the sum of its account's entries. */
  boolean balancesMatch() {
    return balances.sameAs(entriesByAccount);
  }
}
