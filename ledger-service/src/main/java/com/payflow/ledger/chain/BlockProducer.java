package com.payflow.ledger.chain;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.ledger.batch.ConsumerProgress;
import com.payflow.ledger.batch.Leadership;
import com.payflow.ledger.batch.PendingBatch;
import com.payflow.ledger.batch.SealedBatches;
import com.payflow.ledger.shard.ShardRow;
import com.payflow.ledger.shard.ShardRows;
import com.payflow.ledger.shard.ShardUnavailable;
import com.payflow.ledger.system.LedgerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cuts, signs and stores blocks of recorded batches. Runs only while this instance holds the {@code
 * ledger.batches} partition; every block is one transaction (see {@link ChainStore}), and each
 * round starts from the stored head, so a crash at any point resumes without gap or fork.
 */
@Component
public class BlockProducer {

  private static final Logger log = LoggerFactory.getLogger(BlockProducer.class);
  private static final long MICROS_PER_MILLI = 1_000;

  /** Blocks produced per round at most, so a long backlog never starves shutdown. */
  private static final int MAX_BLOCKS_PER_ROUND = 64;

  private final SealedBatches batches;
  private final ShardRows shardRows;
  private final ChainStore chain;
  private final BlockSigner signer;
  private final Leadership leadership;
  private final ConsumerProgress progress;
  private final Clock clock;
  private final LedgerProperties properties;
  private final BlockCutter cutter;
  private final Timer blockTimer;
  private final Counter rejected;
  private final AtomicLong lagMs = new AtomicLong();
  private volatile String lastRejection;

  BlockProducer(
      SealedBatches batches,
      ShardRows shardRows,
      ChainStore chain,
      BlockSigner signer,
      Leadership leadership,
      ConsumerProgress progress,
      Clock clock,
      LedgerProperties properties,
      MeterRegistry meters) {
    this.batches = batches;
    this.shardRows = shardRows;
    this.chain = chain;
    this.signer = signer;
    this.leadership = leadership;
    this.progress = progress;
    this.clock = clock;
    this.properties = properties;
    this.cutter =
        new BlockCutter(
            properties.blockIntervalMs() * MICROS_PER_MILLI,
            properties.blockCloseGraceMs() * MICROS_PER_MILLI,
            properties.maxBatchesPerBlock(),
            properties.maxTransactionsPerBlock());
    this.blockTimer = Timer.builder("ledger.block.produce").register(meters);
    this.rejected = Counter.builder("ledger.block.rejected.batches").register(meters);
    meters.gauge("ledger.block.lag.ms", lagMs);
    chain.registerKey(signer.keyId(), signer.publicKey());
  }

  @Scheduled(fixedDelayString = "${payflow.ledger.producer-poll-ms}")
  void produce() {
    if (!leadership.holdsBatchesPartition()) {
      return;
    }
    try {
      for (int i = 0; i < MAX_BLOCKS_PER_ROUND && produceOne().isPresent(); i++) {
        lastRejection = null;
      }
    } catch (BatchLeaves.BatchRejected bad) {
      rejected.increment();
      if (!bad.getMessage().equals(lastRejection)) {
        log.error("block production stopped: {}", bad.getMessage());
        lastRejection = bad.getMessage();
      }
    } catch (ConcurrentBlockException | DuplicateKeyException lost) {
      log.info(
          "another producer published first; resuming from the stored head: {}", lost.getMessage());
    } catch (ShardUnavailable | DataAccessException unavailable) {
      log.warn("block production retries next round: {}", unavailable.getMessage());
    }
  }

  /** Produces the next block if the cut rule says one is due; returns it. */
  public Optional<BlockHeader> produceOne() {
    Optional<StoredBlock> head = chain.head();
    Optional<BlockHeader> previous = head.map(StoredBlock::header);
    long afterOffset = head.map(StoredBlock::lastOffset).orElse(-1L);
    List<PendingBatch> pending = batches.after(afterOffset, properties.maxBatchesPerBlock() + 1);
    long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    updateLag(pending, nowMicros);
    Optional<BlockCutter.Cut> cut =
        cutter.next(
            previous.map(BlockHeader::timestampMicros).orElse(0L),
            pending,
            nowMicros,
            !pending.isEmpty() && progress.caughtUpThrough(pending.getLast().offset()));
    if (cut.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(timed(() -> write(head, cut.get())));
  }

  private BlockHeader write(Optional<StoredBlock> head, BlockCutter.Cut cut) {
    long height = head.map(block -> block.header().height()).orElse(0L) + 1;
    long logSize = head.map(block -> block.header().logSize()).orElse(0L);
    LogFrontier frontier = LogFrontier.load(logSize, chain.nodeReader());
    List<BlockBatch> blockBatches = new ArrayList<>();
    List<LogLeaf> leaves = new ArrayList<>();
    List<LogFrontier.Node> nodes = new ArrayList<>();
    List<Sha256Hash> entryLeaves = new ArrayList<>();
    for (PendingBatch batch : cut.batches()) {
      List<ShardRow> rows = shardRows.range(batch.shard(), batch.firstSeq(), batch.lastSeq());
      List<Sha256Hash> batchLeaves = BatchLeaves.verified(batch, rows);
      blockBatches.add(new BlockBatch(height, blockBatches.size(), batch.entry(), frontier.size()));
      entryLeaves.add(batch.entry().leafHash());
      for (int i = 0; i < rows.size(); i++) {
        leaves.add(
            new LogLeaf(
                frontier.size(),
                batchLeaves.get(i),
                rows.get(i).txId(),
                batch.shard(),
                rows.get(i).shardSeq(),
                height));
        nodes.addAll(frontier.append(batchLeaves.get(i)));
      }
    }
    BlockHeader header =
        new BlockHeader(
            BlockHeaderEncoding.VERSION,
            height,
            head.map(StoredBlock::hash).orElse(BlockHeader.NO_PREVIOUS),
            MerkleTree.rootOf(entryLeaves),
            frontier.size(),
            frontier.root(),
            cut.timestampMicros(),
            cut.batches().size(),
            Math.toIntExact(leaves.size()),
            signer.keyId());
    byte[] headerBytes = BlockHeaderEncoding.encode(header);
    chain.append(
        new NewBlock(
            header,
            headerBytes,
            BlockHeaderEncoding.blockHash(headerBytes),
            signer.sign(headerBytes),
            blockBatches,
            leaves,
            nodes,
            cut.batches().getLast().offset()),
        height - 1);
    log.debug(
        "block {} ({} batches, {} tx, {}) log size {}",
        height,
        header.batchCount(),
        header.txCount(),
        cut.reason(),
        header.logSize());
    return header;
  }

  private void updateLag(List<PendingBatch> pending, long nowMicros) {
    lagMs.set(
        pending.isEmpty()
            ? 0
            : Math.max(0, (nowMicros - pending.getFirst().eventTimeMicros()) / MICROS_PER_MILLI));
  }

  private BlockHeader timed(java.util.function.Supplier<BlockHeader> work) {
    return blockTimer.record(work);
  }
}
