package com.payflow.ledger.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.payment.TxId;
import com.payflow.ledger.chain.BlockBatch;
import com.payflow.ledger.chain.ChainStore;
import com.payflow.ledger.chain.LogLeaf;
import com.payflow.ledger.shard.ShardRow;
import com.payflow.ledger.shard.ShardRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The keyset-paged cursors give exactly what the per-batch range reads gave. */
class VerificationCursorsTest {

  private static final Sha256Hash HASH = MerkleHashing.leafHash(new byte[] {1});

  @Test
  void leafCursor_servesEveryRangeAcrossWindowsGapsAndJumps() {
    Set<Long> missing = Set.of(4L, 9L, 10L);
    List<LogLeaf> stored =
        LongStream.range(0, 40)
            .filter(i -> !missing.contains(i))
            .mapToObj(VerificationCursorsTest::leaf)
            .toList();
    ChainStore chain = mock(ChainStore.class);
    AtomicInteger reads = new AtomicInteger();
    when(chain.leaves(anyLong(), anyLong()))
        .thenAnswer(
            call -> {
              reads.incrementAndGet();
              long from = call.getArgument(0);
              long count = call.getArgument(1);
              return stored.stream()
                  .filter(l -> l.logIndex() >= from && l.logIndex() < from + count)
                  .toList();
            });
    LeafCursor cursor = new LeafCursor(chain, 4, Runnable::run);
    long[][] ranges = {{0, 3}, {3, 6}, {6, 13}, {13, 14}, {14, 30}, {2, 5}, {30, 45}};
    for (long[] range : ranges) {
      List<Long> seen = new ArrayList<>();
      cursor.forEach(range[0], range[1], leaf -> seen.add(leaf.logIndex()));
      assertThat(seen)
          .isEqualTo(
              stored.stream()
                  .map(LogLeaf::logIndex)
                  .filter(i -> i >= range[0] && i < range[1])
                  .toList());
    }
    // 12 windows of 4 up to 45, plus a read-ahead each, plus the jump back and its read-ahead.
    assertThat(reads.get())
        .as("sequential ranges read each window once")
        .isLessThanOrEqualTo(12 + 1 + 2 + 2);
  }

  @Test
  void shardCursor_findsRowsInOrderAfterGapsAndJumps() {
    Set<Long> missing = Set.of(3L, 7L);
    List<ShardRow> stored =
        LongStream.rangeClosed(1, 30)
            .filter(s -> !missing.contains(s))
            .mapToObj(VerificationCursorsTest::row)
            .toList();
    ShardRows shardRows = mock(ShardRows.class);
    when(shardRows.range(anyInt(), anyLong(), anyLong()))
        .thenAnswer(
            call -> {
              long first = call.getArgument(1);
              long last = call.getArgument(2);
              return stored.stream()
                  .filter(r -> r.shardSeq() >= first && r.shardSeq() <= last)
                  .toList();
            });
    ShardCursor cursor = new ShardCursor(shardRows, 0, 5, Runnable::run);
    for (long seq : new long[] {1, 2, 3, 4, 5, 6, 7, 8, 20, 9, 10, 30, 31}) {
      ShardRow row = cursor.row(seq);
      if (missing.contains(seq) || seq > 30) {
        assertThat(row).as("seq " + seq).isNull();
      } else {
        assertThat(row.shardSeq()).isEqualTo(seq);
      }
    }
  }

  @Test
  void batchCursor_groupsByHeight_acrossPages_andSkipsHeightsWithoutBlocks() {
    List<BlockBatch> stored = new ArrayList<>();
    int[][] blocks = {{1, 3}, {2, 1}, {3, 4}, {5, 2}, {6, 1}};
    for (int[] block : blocks) {
      for (int position = 0; position < block[1]; position++) {
        stored.add(new BlockBatch(block[0], position, new BatchEntry(0, 1, 1, 1, HASH), 0));
      }
    }
    ChainStore chain = mock(ChainStore.class);
    when(chain.batchesAfter(anyLong(), anyInt(), anyInt()))
        .thenAnswer(
            call -> {
              long height = call.getArgument(0);
              int position = call.getArgument(1);
              int limit = call.getArgument(2);
              return stored.stream()
                  .filter(
                      b -> b.height() > height || (b.height() == height && b.position() > position))
                  .limit(limit)
                  .toList();
            });
    BatchCursor cursor = new BatchCursor(chain, 2);
    assertThat(cursor.of(1)).extracting(BlockBatch::position).containsExactly(0, 1, 2);
    assertThat(cursor.of(3)).extracting(BlockBatch::position).containsExactly(0, 1, 2, 3);
    assertThat(cursor.of(4)).isEmpty();
    assertThat(cursor.of(6)).extracting(BlockBatch::height).containsExactly(6L);
    assertThat(cursor.of(7)).isEmpty();
    when(chain.batchesOf(anyLong()))
        .thenAnswer(
            call -> stored.stream().filter(b -> b.height() == (long) call.getArgument(0)).toList());
    // A header naming an earlier height (tampered) still gets that height's batches.
    assertThat(cursor.of(5)).extracting(BlockBatch::position).containsExactly(0, 1);
  }

  @Test
  void batchCursor_aJumpAheadLosesNothingForTheHeightsSkipped() {
    List<BlockBatch> stored = new ArrayList<>();
    for (long height = 1; height <= 4; height++) {
      stored.add(new BlockBatch(height, 0, new BatchEntry(0, height, 1, 1, HASH), 0));
    }
    ChainStore chain = mock(ChainStore.class);
    when(chain.batchesAfter(anyLong(), anyInt(), anyInt()))
        .thenAnswer(
            call -> {
              long height = call.getArgument(0);
              int position = call.getArgument(1);
              return stored.stream()
                  .filter(
                      b -> b.height() > height || (b.height() == height && b.position() > position))
                  .limit(2)
                  .toList();
            });
    when(chain.batchesOf(anyLong()))
        .thenAnswer(
            call -> stored.stream().filter(b -> b.height() == (long) call.getArgument(0)).toList());
    BatchCursor cursor = new BatchCursor(chain, 2);
    assertThat(cursor.of(1)).hasSize(1);
    assertThat(cursor.of(3)).extracting(BlockBatch::height).containsExactly(3L);
    assertThat(cursor.of(2)).extracting(BlockBatch::height).containsExactly(2L);
    assertThat(cursor.of(4)).extracting(BlockBatch::height).containsExactly(4L);
  }

  @Test
  void findings_insertAtAMark_keepsChainOrderAndTheBound() {
    Findings findings = new Findings(3);
    findings.add(problem("a"));
    int mark = findings.mark();
    findings.add(problem("c"));
    findings.add(problem("d"));
    findings.addAt(mark, problem("b"));
    assertThat(findings.list()).extracting(Problem::detail).containsExactly("a", "b", "c");
    assertThat(findings.truncated()).isTrue();
    Findings full = new Findings(1);
    full.add(problem("a"));
    full.addAt(full.mark(), problem("b"));
    assertThat(full.list()).extracting(Problem::detail).containsExactly("a");
    assertThat(full.truncated()).isTrue();
  }

  @Test
  void readAhead_usesTheWindowReadAhead_andRereadsAfterAJump() {
    List<Long> reads = new ArrayList<>();
    ReadAhead<Long> windows =
        new ReadAhead<>(
            start -> {
              reads.add(start);
              return List.of(start);
            },
            Runnable::run);
    assertThat(windows.window(0, 10)).containsExactly(0L);
    assertThat(windows.window(10, 20)).containsExactly(10L);
    assertThat(windows.window(5, 15)).containsExactly(5L);
    assertThat(reads).containsExactly(0L, 10L, 20L, 5L, 15L);
  }

  private static LogLeaf leaf(long index) {
    return new LogLeaf(index, HASH, TxId.forSystemTransfer("test", "" + index), 0, index + 1, 1);
  }

  private static ShardRow row(long seq) {
    return new ShardRow(
        TxId.forSystemTransfer("test", "" + seq), seq, 1, new byte[] {1}, HASH, HASH, null);
  }

  private static Problem problem(String detail) {
    return new Problem(Problem.Kind.UPDATED, 1L, 0, 1L, 1L, null, detail);
  }
}
