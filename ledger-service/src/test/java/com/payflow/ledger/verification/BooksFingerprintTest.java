package com.payflow.ledger.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The books fingerprint: exact 128-bit sums under secret weights tell different books apart. */
class BooksFingerprintTest {

  private static final int CACHE = 1_000;

  private record Posting(byte[] txId, String account, String currency, long amount) {}

  @Test
  void weightedSum_wrapsModulo2To128_andIsOrderFree() {
    WeightedSum wrapped = new WeightedSum();
    for (int i = 0; i < 64; i++) {
      wrapped.add(1L << 60, 1L << 62);
    }
    assertThat(wrapped.sameAs(new WeightedSum())).as("64 × 2^122 = 2^128 = 0").isTrue();

    Random random = new Random(7);
    long[][] terms = new long[10_000][];
    BigInteger exact = BigInteger.ZERO;
    for (int i = 0; i < terms.length; i++) {
      terms[i] =
          new long[] {random.nextLong() >>> 3, i % 100 == 0 ? Long.MIN_VALUE : random.nextLong()};
      exact = exact.add(BigInteger.valueOf(terms[i][0]).multiply(BigInteger.valueOf(terms[i][1])));
    }
    WeightedSum forward = new WeightedSum();
    WeightedSum backward = new WeightedSum();
    for (int i = 0; i < terms.length; i++) {
      forward.add(terms[i][0], terms[i][1]);
      long[] term = terms[terms.length - 1 - i];
      backward.add(term[0], term[1]);
    }
    assertThat(forward.sameAs(backward)).isTrue();
    assertThat(exact.signum()).as("a sum that is not 0").isNotZero();
    assertThat(forward.sameAs(new WeightedSum())).isFalse();
  }

  @Test
  void weightedSum_neverLosesADifference_belowTheBound() {
    long weight = (1L << 61) - 1;
    for (long difference : new long[] {1, -1, 1L << 61, Long.MIN_VALUE, Long.MAX_VALUE}) {
      WeightedSum sum = new WeightedSum();
      sum.add(weight, difference);
      assertThat(sum.sameAs(new WeightedSum())).as("%d × %d", weight, difference).isFalse();
    }
  }

  @Test
  void sameBooks_inAnyOrder_match() {
    List<Posting> postings = postings(500);
    List<Posting> shuffled = new ArrayList<>(postings);
    Collections.shuffle(shuffled, new Random(1));
    assertThat(entriesMatch(postings, shuffled)).isTrue();
  }

  @Test
  void anyChangedEntry_isSeen() {
    List<Posting> postings = postings(200);
    Posting first = postings.getFirst();
    Posting other = postings.get(2);
    assertThat(
            entriesMatch(
                postings,
                replace(
                    postings,
                    0,
                    new Posting(
                        first.txId(), first.account(), first.currency(), first.amount() + 1))))
        .as("amount")
        .isFalse();
    assertThat(
            entriesMatch(
                postings,
                replace(
                    postings,
                    0,
                    new Posting(first.txId(), "thief", first.currency(), first.amount()))))
        .as("account")
        .isFalse();
    assertThat(
            entriesMatch(
                postings,
                replace(
                    postings,
                    0,
                    new Posting(other.txId(), first.account(), first.currency(), first.amount()))))
        .as("transaction")
        .isFalse();
    assertThat(
            entriesMatch(
                postings,
                replace(
                    postings,
                    0,
                    new Posting(first.txId(), first.account(), "USD", first.amount()))))
        .as("currency")
        .isFalse();
    assertThat(entriesMatch(postings, postings.subList(1, postings.size())))
        .as("deleted")
        .isFalse();
    List<Posting> inserted = new ArrayList<>(postings);
    inserted.add(new Posting(txId(9_999), "thief", "EUR", 1));
    assertThat(entriesMatch(postings, inserted)).as("inserted").isFalse();
    // Off by a multiple of 2^61: a modular fingerprint with a 61-bit modulus could miss it.
    assertThat(
            entriesMatch(
                postings,
                replace(
                    postings,
                    0,
                    new Posting(
                        first.txId(),
                        first.account(),
                        first.currency(),
                        first.amount() + (1L << 61)))))
        .as("2^61")
        .isFalse();
  }

  @Test
  void amountsSwappedBetweenTwoEntriesOfOneAccount_areSeen_thoughItsSumIsTheSame() {
    List<Posting> postings =
        List.of(new Posting(txId(1), "a", "EUR", 10), new Posting(txId(2), "a", "EUR", 20));
    List<Posting> swapped =
        List.of(new Posting(txId(1), "a", "EUR", 20), new Posting(txId(2), "a", "EUR", 10));
    assertThat(entriesMatch(postings, swapped)).isFalse();
  }

  @Test
  void balances_matchTheirEntries_andTwoUpdatesThatCancelOut_areSeen() {
    List<Posting> entries = postings(300);
    assertThat(balancesMatch(entries, 0)).isTrue();
    assertThat(balancesMatch(entries, 100_000)).isFalse();
  }

  /** Books whose balances are their entry sums, but {@code moved} from one account to another. */
  private static boolean balancesMatch(List<Posting> entries, long moved) {
    BooksFingerprint fingerprint = fingerprint();
    Map<String, Long> balances = new TreeMap<>();
    for (Posting entry : entries) {
      fingerprint.entry(entry.txId(), entry.account(), entry.currency(), entry.amount());
      balances.merge(entry.account(), entry.amount(), Long::sum);
    }
    List<String> accounts = new ArrayList<>(balances.keySet());
    balances.merge(accounts.get(0), moved, Long::sum);
    balances.merge(accounts.get(1), -moved, Long::sum);
    assertThat(balances.values().stream().mapToLong(Long::longValue).sum())
        .as("Σ of balances is the same either way")
        .isZero();
    balances.forEach(fingerprint::balance);
    return fingerprint.balancesMatch();
  }

  private static boolean entriesMatch(List<Posting> implied, List<Posting> entries) {
    BooksFingerprint fingerprint = fingerprint();
    implied.forEach(p -> fingerprint.implied(p.txId(), p.account(), p.currency(), p.amount()));
    entries.forEach(p -> fingerprint.entry(p.txId(), p.account(), p.currency(), p.amount()));
    return fingerprint.entriesMatch();
  }

  /** A fingerprint fed, as in a run, through two weights instances of one fresh key. */
  private static BooksFingerprint fingerprint() {
    byte[] key = PostingWeights.newKey(new SecureRandom());
    return new BooksFingerprint(new PostingWeights(key, CACHE), new PostingWeights(key, CACHE));
  }

  /** Payments between a few accounts: each a debit and a credit that sum to zero. */
  private static List<Posting> postings(int payments) {
    Random random = new Random(42);
    List<Posting> postings = new ArrayList<>();
    for (int i = 0; i < payments; i++) {
      long amount = 1 + random.nextInt(10_000);
      postings.add(new Posting(txId(i), "acct-" + random.nextInt(7), "EUR", -amount));
      postings.add(new Posting(txId(i), "acct-" + (7 + random.nextInt(7)), "EUR", amount));
    }
    return postings;
  }

  private static List<Posting> replace(List<Posting> postings, int index, Posting with) {
    List<Posting> changed = new ArrayList<>(postings);
    changed.set(index, with);
    return changed;
  }

  private static byte[] txId(long n) {
    return ByteBuffer.allocate(16).putLong(n).putLong(~n).array();
  }
}
