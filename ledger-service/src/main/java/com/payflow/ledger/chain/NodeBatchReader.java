package com.payflow.ledger.chain;

import com.payflow.contracts.merkle.Sha256Hash;
import java.util.Collection;
import java.util.Map;

/** Reads many stored log nodes in one round trip. */
@FunctionalInterface
public interface NodeBatchReader {

  /** The stored hashes of {@code positions}; a position that is not stored is absent. */
  Map<NodePosition, Sha256Hash> nodes(Collection<NodePosition> positions);
}
