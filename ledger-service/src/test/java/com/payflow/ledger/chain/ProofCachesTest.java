package com.payflow.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.ledger.system.ProofCacheProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The proof caches read only what they do not hold, and stay within their bounds. */
class ProofCachesTest {

  private static final Sha256Hash HASH = MerkleHashing.leafHash(new byte[] {1});

  @Test
  void nodeCache_readsOnlyMissingNodes_andEvictsBeyondItsBound() {
    ChainStore chain = mock(ChainStore.class);
    List<Collection<NodePosition>> reads = new ArrayList<>();
    when(chain.nodes(anyCollection()))
        .thenAnswer(
            call -> {
              Collection<NodePosition> asked = List.copyOf(call.getArgument(0));
              reads.add(asked);
              Map<NodePosition, Sha256Hash> found = new HashMap<>();
              asked.stream()
                  .filter(node -> node.index() < 100)
                  .forEach(node -> found.put(node, HASH));
              return found;
            });
    NodeCache cache = new NodeCache(chain, new ProofCacheProperties(1, 3));
    List<NodePosition> first = List.of(node(1), node(2), node(3));
    assertThat(cache.nodes(first)).containsOnlyKeys(first);
    assertThat(cache.nodes(first)).containsOnlyKeys(first);
    assertThat(reads).hasSize(1);
    // A node that is not stored is absent, and not remembered: it is asked for again.
    assertThat(cache.nodes(List.of(node(3), node(4), node(500))))
        .containsOnlyKeys(node(3), node(4));
    assertThat(reads.getLast()).containsExactlyInAnyOrder(node(4), node(500));
    cache.nodes(List.of(node(500)));
    assertThat(reads.getLast()).containsExactly(node(500));
    // The bound holds whatever is read.
    for (int i = 5; i < 50; i++) {
      cache.nodes(List.of(node(i)));
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void blockCache_readsABlockOnce_andEvictsByBatchEntries() {
    ChainStore chain = mock(ChainStore.class);
    when(chain.block(anyLong())).thenAnswer(call -> Optional.of(block(call.getArgument(0))));
    when(chain.batchesOf(anyLong()))
        .thenAnswer(call -> List.of(batch(call.getArgument(0), 0), batch(call.getArgument(0), 1)));
    // Each block weighs 1 + 2 batches: two fit in 6, a third evicts the least recently used.
    BlockCache cache = new BlockCache(chain, new ProofCacheProperties(6, 0));
    CachedBlock one = cache.block(1).orElseThrow();
    assertThat(one.batchHolding(0, 1)).isPresent();
    assertThat(one.batchTree().root())
        .isEqualTo(
            MerkleTree.rootOf(
                List.of(batch(1, 0).entry().leafHash(), batch(1, 1).entry().leafHash())));
    cache.block(1);
    verify(chain, times(1)).block(1);
    cache.block(2);
    assertThat(cache.weight()).isEqualTo(6);
    // A third block does not fit beside them: the weight stays within the bound.
    cache.block(3);
    assertThat(cache.weight()).isLessThanOrEqualTo(6);
    // A height without a block is empty, and not remembered.
    when(chain.block(99)).thenReturn(Optional.empty());
    assertThat(cache.block(99)).isEmpty();
    assertThat(cache.block(99)).isEmpty();
    verify(chain, times(2)).block(99);
  }

  private static NodePosition node(long index) {
    return new NodePosition(0, index);
  }

  private static StoredBlock block(long height) {
    BlockHeader header =
        new BlockHeader(
            BlockHeaderEncoding.VERSION,
            height,
            BlockHeader.NO_PREVIOUS,
            HASH,
            2,
            HASH,
            1,
            2,
            2,
            "ed25519:0000000000000000");
    byte[] bytes = BlockHeaderEncoding.encode(header);
    return new StoredBlock(bytes, BlockHeaderEncoding.blockHash(bytes), new byte[64], height, 0);
  }

  private static BlockBatch batch(long height, int position) {
    return new BlockBatch(height, position, new BatchEntry(0, position + 1, 1, 1, HASH), position);
  }
}
