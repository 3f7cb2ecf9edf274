package com.payflow.contracts.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive transcription of RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF) used as an
 * oracle. It recomputes every subtree hash from scratch and shares no code with {@link MerkleTree}
 * apart from the two primitive hash functions.
 */
final class ReferenceMerkleTree {

  private ReferenceMerkleTree() {}

  /** MTH(D[n]) where {@code d} holds leaf hashes, so MTH of one element is that element. */
  static Sha256Hash mth(List<Sha256Hash> d) {
    int n = d.size();
    if (n == 0) {
      return MerkleHashing.emptyRoot();
    }
    if (n == 1) {
      return d.get(0);
    }
    int k = split(n);
    return MerkleHashing.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  /** PATH(m, D[n]). */
  static List<Sha256Hash> path(int m, List<Sha256Hash> d) {
    int n = d.size();
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = split(n);
    List<Sha256Hash> result;
    if (m < k) {
      result = path(m, d.subList(0, k));
      result.add(mth(d.subList(k, n)));
    } else {
      result = path(m - k, d.subList(k, n));
      result.add(mth(d.subList(0, k)));
    }
    return result;
  }

  /** PROOF(m, D[n]); empty for m == 0 and m == n, where there is nothing to prove. */
  static List<Sha256Hash> proof(int m, List<Sha256Hash> d) {
    if (m == 0 || m == d.size()) {
      return new ArrayList<>();
    }
    return subproof(m, d, true);
  }

  private static List<Sha256Hash> subproof(int m, List<Sha256Hash> d, boolean b) {
    int n = d.size();
    if (m == n) {
      List<Sha256Hash> result = new ArrayList<>();
      if (!b) {
        result.add(mth(d));
      }
      return result;
    }
    int k = split(n);
    List<Sha256Hash> result;
    if (m <= k) {
      result = subproof(m, d.subList(0, k), b);
      result.add(mth(d.subList(k, n)));
    } else {
      result = subproof(m - k, d.subList(k, n), false);
      result.add(mth(d.subList(0, k)));
    }
    return result;
  }

  /** The largest power of two strictly less than n, found the slow and obvious way. */
  private static int split(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }
}
