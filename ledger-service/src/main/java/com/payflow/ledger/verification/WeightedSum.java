package com.payflow.ledger.verification;

/**
 * Σ weight × amount, exact in 128-bit two's complement (it wraps modulo 2^128 instead of
 * overflowing). Exactness is what makes the books fingerprint sound: a weight below 2^61 times a
 * nonzero difference below 2^66 never vanishes modulo 2^128, so two sums over different postings
 * differ unless the weights happen to cancel (see {@link BooksFingerprint}).
 */
final class WeightedSum {

  private long high;
  private long low;

  /** Adds {@code weight × amount}, both signed. */
  void add(long weight, long amount) {
    long productLow = weight * amount;
    long productHigh = Math.multiplyHigh(weight, amount);
    long sum = low + productLow;
    long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
    high += productHigh + carry;
    low = sum;
  }

  /** Whether both sums are the same 128-bit value. */
  boolean sameAs(WeightedSum other) {
    return high == other.high && low == other.low;
  }
}
