package com.payflow.contracts.merkle;

import java.util.List;
import java.util.Objects;

/** Validation shared by the proof records. */
final class ProofPaths {

  private ProofPaths() {}

  /** Returns an immutable copy of {@code path}, rejecting a null list or null elements. */
  static List<Sha256Hash> immutableCopy(List<Sha256Hash> path) {
    Objects.requireNonNull(path, "path must not be null");
    for (int i = 0; i < path.size(); i++) {
      if (path.get(i) == null) {
        throw new NullPointerException("path element " + i + " must not be null");
      }
    }
    return List.copyOf(path);
  }

  /** Rejects negative tree sizes and indices: RFC 9162 encodes them as unsigned integers. */
  static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be non-negative, got " + value);
    }
  }
}
