package com.payflow.ledger.chain;

import com.payflow.contracts.merkle.LogTree;
import com.payflow.contracts.merkle.Sha256Hash;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a {@link LogTree} computation over ONE bulk read of the nodes it needs, instead of one query
 * per node. Which nodes LogTree reads depends only on indices and sizes, never on hash values, so a
 * dry run over placeholder hashes names all of them first.
 */
public final class PrefetchedLog {

  private static final Sha256Hash PLACEHOLDER = new Sha256Hash(new byte[Sha256Hash.LENGTH]);

  private PrefetchedLog() {}

  /** The result of {@code work} over the nodes {@code reader} returns; work must be pure. */
  public static <T> T compute(NodeBatchReader reader, Function<LogTree, T> work) {
    Set<NodePosition> wanted = new LinkedHashSet<>();
    work.apply(
        new LogTree(
            (level, index) -> {
              wanted.add(new NodePosition(level, index));
              return PLACEHOLDER;
            },
            (left, right) -> PLACEHOLDER));
    Map<NodePosition, Sha256Hash> read = reader.nodes(wanted);
    return work.apply(
        new LogTree(
            (level, index) -> {
              NodePosition position = new NodePosition(level, index);
              Sha256Hash hash = read.get(position);
              if (hash == null && !wanted.contains(position)) {
                throw new IllegalStateException(
                    "log node ("
                        + level
                        + ", "
                        + index
                        + ") was not named"
                        + " by the dry run: the computation is not a pure function of the log");
              }
              if (hash == null) {
                throw new IllegalStateException(
                    "log node ("
                        + level
                        + ", "
                        + index
                        + ") is missing:"
                        + " the log tables are incomplete");
              }
              return hash;
            }));
  }
}
