package com.payflow.contracts.merkle;

/** Bit arithmetic on tree sizes shared by the tree builder and the verifier. */
final class TreeMath {

  /** The RFC 6962 split is only defined for ranges of at least two leaves. */
  private static final long MIN_SPLITTABLE_SIZE = 2;

  private TreeMath() {}

  /** Returns true if {@code n} is a positive power of two. */
  static boolean isPowerOfTwo(long n) {
    return n > 0 && (n & (n - 1)) == 0;
  }

  /** Returns the RFC 6962 §2.1 split point: the largest power of two strictly less than n. */
  static long splitPoint(long n) {
    if (n < MIN_SPLITTABLE_SIZE) {
      throw new IllegalArgumentException(
          "split point requires a range of at least " + MIN_SPLITTABLE_SIZE + " leaves, got " + n);
    }
    return Long.highestOneBit(n - 1);
  }

  /** Returns the smallest {@code h} with {@code 2^h >= n}: the height of a tree of n leaves. */
  static int ceilLog2(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("ceilLog2 requires a positive argument, got " + n);
    }
    return Long.SIZE - Long.numberOfLeadingZeros(n - 1);
  }
}
