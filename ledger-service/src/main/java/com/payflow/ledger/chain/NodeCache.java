package com.payflow.ledger.chain;

import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.ledger.system.ProofCacheProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Least-recently-used stored log nodes in front of {@link ChainStore#nodes}: a proof whose nodes
 * are all here costs no log read at all. Correct without invalidation because a node is read
 * outside any transaction, so only once its block committed, and never changes afterwards.
 */
@Component
public class NodeCache implements NodeBatchReader {

  private final ChainStore chain;
  private final int maxNodes;
  private final Map<NodePosition, Sha256Hash> nodes = new LinkedHashMap<>(16, 0.75f, true);

  NodeCache(ChainStore chain, ProofCacheProperties properties) {
    this.chain = chain;
    this.maxNodes = properties.maxNodes();
  }

  /** The stored hashes of {@code positions}, reading only the ones not cached. */
  @Override
  public Map<NodePosition, Sha256Hash> nodes(Collection<NodePosition> positions) {
    Map<NodePosition, Sha256Hash> found = new HashMap<>();
    List<NodePosition> missing = new ArrayList<>();
    synchronized (nodes) {
      for (NodePosition position : positions) {
        Sha256Hash hash = nodes.get(position);
        if (hash == null) {
          missing.add(position);
        } else {
          found.put(position, hash);
        }
      }
    }
    if (missing.isEmpty()) {
      return found;
    }
    Map<NodePosition, Sha256Hash> read = chain.nodes(missing);
    found.putAll(read);
    synchronized (nodes) {
      nodes.putAll(read);
      var eldest = nodes.entrySet().iterator();
      while (nodes.size() > maxNodes) {
        eldest.next();
        eldest.remove();
      }
    }
    return found;
  }
}
