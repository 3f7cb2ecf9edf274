package com.payflow.ledger.chain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.ledger.system.ProofCacheProperties;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Stored log nodes (Caffeine) in front of {@link ChainStore#nodes}: a proof whose nodes are all
 * here costs no log read at all, and the ones that are not are read in one query. Correct without
 * invalidation because a node is read outside any transaction, so only once its block committed,
 * and never changes afterwards.
 */
@Component
public class NodeCache implements NodeBatchReader {

  private final ChainStore chain;
  private final Cache<NodePosition, Sha256Hash> nodes;

  NodeCache(ChainStore chain, ProofCacheProperties properties) {
    this.chain = chain;
    this.nodes =
        Caffeine.newBuilder().maximumSize(properties.maxNodes()).executor(Runnable::run).build();
  }

  /**
   * The stored hashes of {@code positions}, reading only the ones not cached (in one query); a
   * position that is not stored is absent from the answer and not remembered.
   */
  @Override
  public Map<NodePosition, Sha256Hash> nodes(Collection<NodePosition> positions) {
    return nodes.getAll(positions, missing -> chain.nodes(List.copyOf(missing)));
  }

  /** Nodes held, after pending evictions. */
  long size() {
    nodes.cleanUp();
    return nodes.estimatedSize();
  }
}
