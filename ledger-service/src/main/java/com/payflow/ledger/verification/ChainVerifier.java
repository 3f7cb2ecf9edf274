package com.payflow.ledger.verification;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.ledger.chain.BlockBatch;
import com.payflow.ledger.chain.ChainStore;
import com.payflow.ledger.chain.LogFrontier;
import com.payflow.ledger.chain.LogLeaf;
import com.payflow.ledger.chain.StoredBlock;
import com.payflow.ledger.shard.ShardRow;
import com.payflow.ledger.shard.ShardRows;
import com.payflow.ledger.system.LedgerProperties;
import com.payflow.ledger.system.VerificationProperties;
import com.payflow.ledger.verification.Problem.Kind;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Service;

/**
 * Full verification from the shard rows: every blocked row's leaf is recomputed from its fields and
 * compared with the log, every batch root, block batch root, log root, hash link and signature is
 * recomputed, and rows that are in no sealed batch are reported as inserted. Streams: batch
 * entries, log leaves and each shard's rows are read in keyset-paged ranges of {@code
 * payflow.ledger.verification.chunk-rows}, never one query per batch or row, and roots are folded
 * as the leaves pass, so memory stays bounded by the chunk size.
 *
 * <p>Meanwhile, on another thread, the books: balances, entries and credit legs against the
 * transactions ({@link BooksCheck}). The chain proves the rows are the sealed ones; the books check
 * proves the money is where those rows put it.
 */
@Service
public class ChainVerifier {

  private static final int BLOCKS_PER_READ = 100;
  private static final long MILLIS_PER_SECOND = 1_000;

  private final ChainStore chain;
  private final ShardRows shardRows;
  private final LedgerProperties properties;
  private final int chunkRows;
  private final VerifiedSignatures signatures;
  private final BooksCheck books;
  private final Clock clock;

  ChainVerifier(
      ChainStore chain,
      ShardRows shardRows,
      LedgerProperties properties,
      VerificationProperties verification,
      VerifiedSignatures signatures,
      BooksCheck books,
      Clock clock) {
    this.chain = chain;
    this.shardRows = shardRows;
    this.properties = properties;
    this.chunkRows = verification.chunkRows();
    this.signatures = signatures;
    this.books = books;
    this.clock = clock;
  }

  /** Verifies the chain up to the current head. */
  public VerificationReport verify() {
    // Closing waits for the last read-ahead of each stream, so no read outlives the request.
    try (ExecutorService readAhead = Executors.newVirtualThreadPerTaskExecutor()) {
      return verify(readAhead);
    }
  }

  private VerificationReport verify(ExecutorService readAhead) {
    long started = clock.millis();
    // Its own connections and snapshots: it overlaps with the chain walk below.
    CompletableFuture<BooksReport> booksDone =
        CompletableFuture.supplyAsync(books::check, readAhead);
    Findings findings = new Findings(properties.maxReportedProblems());
    long headHeight = chain.head().map(block -> block.header().height()).orElse(0L);
    Map<String, PublicKey> keys = chain.keys();
    LogFrontier log = LogFrontier.empty();
    long[] blockedSeq = new long[shardRows.shardCount()];
    Sha256Hash previous = BlockHeader.NO_PREVIOUS;
    long blocks = 0;
    long batches = 0;
    long transactions = 0;
    BatchCursor batchCursor = new BatchCursor(chain, chunkRows);
    LeafCursor leaves = new LeafCursor(chain, chunkRows, readAhead);
    Map<Integer, ShardCursor> shards = new HashMap<>();
    for (long from = 1; from <= headHeight; from += BLOCKS_PER_READ) {
      int limit = (int) Math.min(BLOCKS_PER_READ, headHeight - from + 1);
      List<StoredBlock> page = chain.blocks(from, limit);
      for (StoredBlock block : page) {
        BlockHeader header = checkHeader(block, blocks + 1, previous, keys, findings);
        previous = block.hash();
        List<BlockBatch> blockBatches = batchCursor.of(header.height());
        checkBlockRoot(header, blockBatches, findings);
        for (BlockBatch batch : blockBatches) {
          ShardCursor rows =
              shards.computeIfAbsent(
                  batch.entry().shard(),
                  shard -> new ShardCursor(shardRows, shard, chunkRows, readAhead));
          transactions += checkBatch(header.height(), batch, log, findings, leaves, rows);
          int shard = batch.entry().shard();
          blockedSeq[shard] = Math.max(blockedSeq[shard], batch.entry().lastSeq());
          batches++;
        }
        if (log.size() != header.logSize() || !log.root().equals(header.logRoot())) {
          findings.add(
              new Problem(
                  Kind.LOG_ROOT,
                  header.height(),
                  null,
                  null,
                  null,
                  null,
                  "the log of "
                      + log.size()
                      + " leaves does not give the header's log size "
                      + header.logSize()
                      + " and root"));
        }
        blocks++;
      }
    }
    long pending = checkUnblockedRows(blockedSeq, findings);
    BooksReport booksReport = join(booksDone);
    booksReport.problems().forEach(findings::add);
    if (booksReport.truncated()) {
      findings.markTruncated();
    }
    long elapsed = Math.max(1, clock.millis() - started);
    Problem first = findings.first();
    return new VerificationReport(
        findings.isEmpty(),
        headHeight,
        blocks,
        batches,
        transactions,
        pending,
        booksReport.accounts(),
        booksReport.entries(),
        booksReport.creditLegs(),
        booksReport.openCreditLegs(),
        first == null ? null : first.height(),
        first == null ? null : first.shard(),
        first == null ? null : first.batchSeq(),
        findings.firstTransaction(),
        findings.list(),
        findings.truncated(),
        elapsed,
        transactions * MILLIS_PER_SECOND / elapsed);
  }

  private static BooksReport join(CompletableFuture<BooksReport> books) {
    try {
      return books.join();
    } catch (CompletionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw failed;
    }
  }

  private BlockHeader checkHeader(
      StoredBlock block,
      long expectedHeight,
      Sha256Hash previous,
      Map<String, PublicKey> keys,
      Findings findings) {
    BlockHeader header = block.header();
    long height = header.height();
    if (!BlockHeaderEncoding.blockHash(block.headerBytes()).equals(block.hash())) {
      findings.add(
          new Problem(
              Kind.BLOCK_HASH,
              height,
              null,
              null,
              null,
              null,
              "stored block hash is not SHA-256 of the stored header"));
    }
    if (height != expectedHeight || !header.previousHash().equals(previous)) {
      findings.add(
          new Problem(
              Kind.LINK,
              height,
              null,
              null,
              null,
              null,
              "expected height " + expectedHeight + " linked to " + previous.hex()));
    }
    PublicKey key = keys.get(header.keyId());
    if (key == null || !signatures.verify(key, block.headerBytes(), block.signature())) {
      findings.add(
          new Problem(
              Kind.SIGNATURE,
              height,
              null,
              null,
              null,
              null,
              "signature does not verify with key " + header.keyId()));
    }
    return header;
  }

  private static void checkBlockRoot(
      BlockHeader header, List<BlockBatch> batches, Findings findings) {
    long txCount = batches.stream().mapToLong(batch -> batch.entry().count()).sum();
    Sha256Hash root =
        MerkleTree.rootOf(batches.stream().map(batch -> batch.entry().leafHash()).toList());
    if (!root.equals(header.batchRoot())
        || batches.size() != header.batchCount()
        || txCount != header.txCount()) {
      findings.add(
          new Problem(
              Kind.BLOCK_ROOT,
              header.height(),
              null,
              null,
              null,
              null,
              "batch entries do not give the header's batch root and counts"));
    }
  }

  /**
   * Checks one batch: the ledger's leaves against the roots, the shard rows against them. The
   * leaves stream through the batch root and the log as they are read.
   */
  private long checkBatch(
      long height,
      BlockBatch batch,
      LogFrontier log,
      Findings findings,
      LeafCursor leaves,
      ShardCursor rows) {
    var entry = batch.entry();
    long logSizeBefore = log.size();
    int batchFindings = findings.mark();
    LogFrontier batchTree = LogFrontier.empty();
    leaves.forEach(
        batch.firstLogIndex(),
        batch.firstLogIndex() + entry.count(),
        leaf -> {
          batchTree.add(leaf.leafHash());
          log.add(leaf.leafHash());
          // Only the batch's own range of its own shard counts, as when rows were read per batch.
          long seq = leaf.shardSeq();
          ShardRow row = seq >= entry.firstSeq() && seq <= entry.lastSeq() ? rows.row(seq) : null;
          compareRow(height, entry.batchSeq(), leaf, row, findings);
        });
    if (batch.firstLogIndex() != logSizeBefore
        || batchTree.size() != entry.count()
        || !batchTree.root().equals(entry.root())) {
      findings.addAt(
          batchFindings,
          new Problem(
              Kind.BATCH_ROOT,
              height,
              entry.shard(),
              entry.batchSeq(),
              null,
              null,
              "the ledger's copy of the batch's leaves does not give its root"));
    }
    return batchTree.size();
  }

  private void compareRow(
      long height, long batchSeq, LogLeaf expected, ShardRow row, Findings findings) {
    int shard = expected.shard();
    long seq = expected.shardSeq();
    if (row == null) {
      boolean moved = shardRows.byId(shard, expected.txId()).isPresent();
      findings.add(
          new Problem(
              moved ? Kind.REORDERED : Kind.DELETED,
              height,
              shard,
              batchSeq,
              seq,
              expected.txId().toString(),
              moved ? "its row left shard_seq " + seq : "its row is gone"));
      return;
    }
    if (!row.txId().equals(expected.txId())) {
      boolean known = chain.leafOf(row.txId()).isPresent();
      findings.add(
          new Problem(
              known ? Kind.REORDERED : Kind.INSERTED,
              height,
              shard,
              batchSeq,
              seq,
              row.txId().toString(),
              known
                  ? "row of a blocked transaction moved to shard_seq " + seq
                  : "row of a transaction that is in no block sits at shard_seq " + seq));
      if (shardRows.byId(shard, expected.txId()).isEmpty()) {
        findings.add(
            new Problem(
                Kind.DELETED,
                height,
                shard,
                batchSeq,
                seq,
                expected.txId().toString(),
                "its row is gone"));
      }
      return;
    }
    if (row.recomputedLeaf() == null || !row.recomputedLeaf().equals(expected.leafHash())) {
      findings.add(
          new Problem(
              Kind.UPDATED,
              height,
              shard,
              batchSeq,
              seq,
              row.txId().toString(),
              row.recomputedLeaf() == null
                  ? "fields are no longer a valid transaction: " + row.invalidReason()
                  : "fields no longer hash to the leaf in the chain"));
    }
  }

  /** Rows beyond the blocked range: pending when sealed on the shard, inserted otherwise. */
  private long checkUnblockedRows(long[] blockedSeq, Findings findings) {
    long pending = 0;
    for (int shard = 0; shard < blockedSeq.length; shard++) {
      long sealed = Math.max(blockedSeq[shard], shardRows.lastSealedSeq(shard));
      pending += sealed - blockedSeq[shard];
      List<ShardRow> outside = shardRows.outside(shard, sealed, properties.maxReportedProblems());
      // Settlement commits rows with their batch: a row read after a batch committed between
      // the two reads is sealed by now, so the sealed end is read again before blaming it.
      long sealedNow = outside.isEmpty() ? sealed : shardRows.lastSealedSeq(shard);
      for (ShardRow row : outside) {
        if (row.shardSeq() >= 1 && row.shardSeq() <= sealedNow) {
          continue;
        }
        String known =
            chain
                .leafOf(row.txId())
                .map(leaf -> " (blocked at shard_seq " + leaf.shardSeq() + ")")
                .orElse("");
        findings.add(
            new Problem(
                known.isEmpty() ? Kind.INSERTED : Kind.REORDERED,
                null,
                shard,
                row.batchSeq(),
                row.shardSeq(),
                row.txId().toString(),
                "row at shard_seq " + row.shardSeq() + " is in no sealed batch" + known));
      }
    }
    return pending;
  }
}
