package com.payflow.ledger.chain;

import com.payflow.contracts.chain.BlockHeader;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * JSON of a block: the decoded header fields for reading, and the canonical header bytes and
 * signature (hex) for verifying. {@code batches} is null in lists.
 */
public record BlockView(
    long height,
    String hash,
    String previousHash,
    String batchRoot,
    long logSize,
    String logRoot,
    long timestampMicros,
    String timestamp,
    int batchCount,
    int txCount,
    String keyId,
    String header,
    String signature,
    List<BatchView> batches) {

  private static final HexFormat HEX = HexFormat.of();
  private static final long MICROS_PER_SECOND = 1_000_000;
  private static final long NANOS_PER_MICRO = 1_000;

  /**
   * One batch of the block.
   *
   * @param position index in the block's batch tree
   * @param shard shard
   * @param batchSeq batch sequence number
   * @param firstSeq first shard sequence
   * @param lastSeq last shard sequence
   * @param root batch Merkle root
   * @param firstLogIndex log index of its first transaction
   * @param entry canonical BatchEntry bytes (hex): the batch tree leaf data
   */
  public record BatchView(
      int position,
      int shard,
      long batchSeq,
      long firstSeq,
      long lastSeq,
      String root,
      long firstLogIndex,
      String entry) {

    static BatchView of(BlockBatch batch) {
      return new BatchView(
          batch.position(),
          batch.entry().shard(),
          batch.entry().batchSeq(),
          batch.entry().firstSeq(),
          batch.entry().lastSeq(),
          batch.entry().root().hex(),
          batch.firstLogIndex(),
          HEX.formatHex(batch.entry().encode()));
    }
  }

  /** The view of {@code block}, with {@code batches} when not null. */
  public static BlockView of(StoredBlock block, List<BlockBatch> batches) {
    BlockHeader header = block.header();
    Instant time =
        Instant.ofEpochSecond(
            header.timestampMicros() / MICROS_PER_SECOND,
            (header.timestampMicros() % MICROS_PER_SECOND) * NANOS_PER_MICRO);
    return new BlockView(
        header.height(),
        block.hash().hex(),
        header.previousHash().hex(),
        header.batchRoot().hex(),
        header.logSize(),
        header.logRoot().hex(),
        header.timestampMicros(),
        time.toString(),
        header.batchCount(),
        header.txCount(),
        header.keyId(),
        HEX.formatHex(block.headerBytes()),
        HEX.formatHex(block.signature()),
        batches == null ? null : batches.stream().map(BatchView::of).toList());
  }
}
