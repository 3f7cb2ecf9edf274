package com.payflow.settlement.publishing;

import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.event.PaymentOutcome;
import java.util.ArrayList;
import java.util.List;

/** What a committed (or already committed, replayed) shard batch must publish. */
public record ShardCommit(
    List<PaymentOutcome> outcomes,
    List<CreditLegRequested> creditLegs,
    List<BatchSealed> sealedBatches) {

  /** An empty result to accumulate into. */
  public static ShardCommit empty() {
    return new ShardCommit(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
  }

  /** Adds everything of {@code other} to this result. */
  public void addAll(ShardCommit other) {
    outcomes.addAll(other.outcomes);
    creditLegs.addAll(other.creditLegs);
    sealedBatches.addAll(other.sealedBatches);
  }
}
