package com.payflow.ledger.verification;

import java.util.ArrayList;
import java.util.List;

/** Problems in chain order, bounded. */
final class Findings {

  private final int max;
  private final List<Problem> problems = new ArrayList<>();
  private boolean truncated;

  Findings(int max) {
    this.max = max;
  }

  void add(Problem problem) {
    if (problems.size() < max) {
      problems.add(problem);
    } else {
      truncated = true;
    }
  }

  /** Where the next problem would go; {@link #addAt} inserts there later. */
  int mark() {
    return problems.size();
  }

  /**
   * Inserts {@code problem} at {@code position} (a {@link #mark()}), so a finding known only after
   * streaming a batch still precedes that batch's row findings, in chain order.
   */
  void addAt(int position, Problem problem) {
    if (position >= max) {
      truncated = true;
      return;
    }
    problems.add(position, problem);
    if (problems.size() > max) {
      problems.removeLast();
      truncated = true;
    }
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  Problem first() {
    return problems.isEmpty() ? null : problems.getFirst();
  }

  String firstTransaction() {
    return problems.stream()
        .map(Problem::transactionId)
        .filter(id -> id != null)
        .findFirst()
        .orElse(null);
  }

  List<Problem> list() {
    return List.copyOf(problems);
  }

  /** Records that problems were left out before they reached this list. */
  void markTruncated() {
    truncated = true;
  }

  boolean truncated() {
    return truncated;
  }
}
