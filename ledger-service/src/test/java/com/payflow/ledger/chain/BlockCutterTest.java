package com.payflow.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.ledger.batch.PendingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlockCutterTest {

  private static final long INTERVAL = 500_000;
  private static final long GRACE = 200_000;
  private final BlockCutter cutter = new BlockCutter(INTERVAL, GRACE, 3, 100);

  @Test
  void batchBeyondTheInterval_closesTheBlockWithoutTheClock() {
    var cut =
        cutter
            .next(
                0,
                List.of(batch(0, 1_000_000, 1), batch(1, 1_400_000, 1), batch(2, 1_500_000, 1)),
                0,
                true)
            .orElseThrow();
    assertThat(cut.batches()).extracting(PendingBatch::offset).containsExactly(0L, 1L);
    assertThat(cut.timestampMicros()).isEqualTo(1_400_000);
    assertThat(cut.reason()).isEqualTo(BlockCutter.Reason.INTERVAL);
  }

  @Test
  void maxBatches_closesTheBlock() {
    var cut =
        cutter
            .next(
                0,
                List.of(batch(0, 10, 1), batch(1, 11, 1), batch(2, 12, 1), batch(3, 13, 1)),
                0,
                true)
            .orElseThrow();
    assertThat(cut.batches()).hasSize(3);
    assertThat(cut.reason()).isEqualTo(BlockCutter.Reason.FULL);
  }

  @Test
  void maxTransactions_startsTheNextBlockWithTheBatchThatWouldExceedIt() {
    var cut = cutter.next(0, List.of(batch(0, 10, 60), batch(1, 11, 50)), 0, true).orElseThrow();
    assertThat(cut.batches()).hasSize(1);
  }

  @Test
  void openBlock_waitsForItsIntervalPlusGrace_thenClosesIdle() {
    List<PendingBatch> pending = List.of(batch(0, 1_000_000, 1));
    assertThat(cutter.next(0, pending, 1_000_000 + INTERVAL + GRACE - 1, true)).isEmpty();
    assertThat(cutter.next(0, pending, 1_000_000 + INTERVAL + GRACE, true).orElseThrow().reason())
        .isEqualTo(BlockCutter.Reason.IDLE);
  }

  @Test
  void listenerBehindTheTopic_neverClosesOnTheClock() {
    assertThat(cutter.next(0, List.of(batch(0, 1_000_000, 1)), Long.MAX_VALUE / 2, false))
        .isEmpty();
  }

  @Test
  void eventTime_isMonotone_soAnOlderRecordTimeNeverMovesTheTimestampBack() {
    var cut =
        cutter
            .next(
                2_000_000,
                List.of(batch(0, 1_000_000, 1), batch(1, 900_000, 1), batch(2, 2_600_000, 1)),
                0,
                true)
            .orElseThrow();
    assertThat(cut.timestampMicros()).isEqualTo(2_000_000);
    assertThat(cut.batches()).hasSize(2);
  }

  @Test
  void cuts_dependOnlyOnTheBatches_notOnHowTheyArrive() {
    List<PendingBatch> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(batch(i, 1_000_000 + i * 97_000L, 1 + i % 7));
    }
    // Everything at once (a replay) against one batch at a time (live) with a late clock.
    List<List<Long>> replay = cutAll(all, all.size());
    List<List<Long>> live = cutAll(all, 1);
    assertThat(live.subList(0, live.size() - 1)).isEqualTo(replay.subList(0, replay.size() - 1));
  }

  private List<List<Long>> cutAll(List<PendingBatch> all, int visibleAhead) {
    List<List<Long>> blocks = new ArrayList<>();
    int next = 0;
    long previous = 0;
    int visible = 0;
    while (next < all.size()) {
      visible = Math.min(all.size(), Math.max(visible, next + visibleAhead));
      // A replay: the wall clock is far ahead of every record time, and only the last batch is
      // read with the listener caught up.
      long now = Long.MAX_VALUE / 2;
      Optional<BlockCutter.Cut> cut =
          cutter.next(previous, all.subList(next, visible), now, visible == all.size());
      if (cut.isEmpty()) {
        visible++;
        continue;
      }
      blocks.add(cut.get().batches().stream().map(PendingBatch::offset).toList());
      next += cut.get().batches().size();
      previous = cut.get().timestampMicros();
    }
    return blocks;
  }

  private static PendingBatch batch(long offset, long timeMicros, int count) {
    return new PendingBatch(
        offset,
        0,
        offset + 1,
        1 + offset * 1000,
        offset * 1000 + count,
        MerkleHashing.emptyRoot(),
        timeMicros);
  }
}
