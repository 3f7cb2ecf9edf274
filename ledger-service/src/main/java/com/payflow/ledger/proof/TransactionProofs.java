package com.payflow.ledger.proof;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.merkle.ConsistencyProof;
import com.payflow.contracts.merkle.InclusionProof;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.proof.ProofFormat;
import com.payflow.ledger.access.Caller;
import com.payflow.ledger.chain.BlockBatch;
import com.payflow.ledger.chain.BlockCache;
import com.payflow.ledger.chain.CachedBlock;
import com.payflow.ledger.chain.ChainStore;
import com.payflow.ledger.chain.LocatedLeaf;
import com.payflow.ledger.chain.LogLeaf;
import com.payflow.ledger.chain.NodeCache;
import com.payflow.ledger.chain.PrefetchedLog;
import com.payflow.ledger.shard.OwnedRow;
import com.payflow.ledger.shard.ShardRow;
import com.payflow.ledger.shard.ShardRows;
import com.payflow.ledger.system.ApiProblem;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Builds transaction proofs from the ledger tables and the shard row. At most three round trips,
 * the last two concurrent: the leaf with the head height; then the shard row (always read fresh: it
 * is what tampering changes) alongside one bulk read of the log nodes the three paths need that
 * {@link NodeCache} does not hold. Blocks come from {@link BlockCache}.
 */
@Service
public class TransactionProofs implements AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final ChainStore chain;
  private final BlockCache blocks;
  private final NodeCache nodes;
  private final ShardRows shardRows;
  private final ExecutorService logReads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("proof-log-", 0).factory());

  TransactionProofs(ChainStore chain, BlockCache blocks, NodeCache nodes, ShardRows shardRows) {
    this.chain = chain;
    this.blocks = blocks;
    this.nodes = nodes;
    this.shardRows = shardRows;
  }

  /**
   * The proof of {@code txId}; 404 when not (yet) in a block, 409 when its row was altered. The
   * leaf's contents are included only when {@code caller} may read them (the payment's own API
   * client or the operator); everyone else gets the same hashes-only proof.
   */
  public TransactionProof proof(TxId txId, Caller caller) {
    LocatedLeaf located =
        chain
            .locate(txId)
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "transaction-not-in-chain",
                        "transaction " + txId + " is not in a block (yet)"));
    LogLeaf leaf = located.leaf();
    CachedBlock block = published(leaf.height());
    CachedBlock head = published(located.headHeight());
    BlockHeader header = block.header();
    Optional<BlockBatch> holding = block.batchHolding(leaf.shard(), leaf.shardSeq());
    CompletableFuture<Paths> pending =
        holding
            .map(
                batch ->
                    CompletableFuture.supplyAsync(
                        () -> paths(leaf, batch, header.logSize(), head.header().logSize()),
                        logReads))
            .orElseGet(
                () ->
                    CompletableFuture.failedFuture(
                        new IllegalStateException(
                            "block "
                                + leaf.height()
                                + " has no batch holding shard "
                                + leaf.shard()
                                + " sequence "
                                + leaf.shardSeq())));
    // The row is checked before the paths are used: an altered row is a 409 whatever the log.
    OwnedRow owned =
        shardRows
            .owned(leaf.shard(), txId)
            .orElseThrow(() -> tampered(txId, "its row is missing from shard " + leaf.shard()));
    ShardRow row = owned.row();
    if (row.recomputedLeaf() == null
        || !row.recomputedLeaf().equals(leaf.leafHash())
        || row.shardSeq() != leaf.shardSeq()) {
      throw tampered(txId, "its shard row no longer hashes to the leaf in block " + leaf.height());
    }
    Paths paths = join(pending);
    BlockBatch batch = holding.orElseThrow();
    long indexInBatch = leaf.shardSeq() - batch.entry().firstSeq();
    long logSize = header.logSize();
    InclusionProof toBlock = block.batchTree().inclusionProof(batch.position());
    assertVerifies(txId, leaf, batch, block, paths, toBlock, head.header());
    boolean included = caller.mayReadContentsOf(owned.clientId());
    return new TransactionProof(
        ProofFormat.VERSION,
        txId.toString(),
        included ? ProofFormat.INCLUDED : ProofFormat.WITHHELD,
        included
            ? fullLeaf(leaf, owned)
            : new TransactionProof.Leaf(
                null, leaf.leafHash().hex(), leaf.shard(), leaf.shardSeq(), null),
        new TransactionProof.Batch(
            HEX.formatHex(batch.entry().encode()),
            batch.entry().root().hex(),
            indexInBatch,
            batch.entry().count(),
            hex(paths.toBatch().path())),
        new TransactionProof.Block(
            header.height(),
            block.stored().hash().hex(),
            HEX.formatHex(block.stored().headerBytes()),
            HEX.formatHex(block.stored().signature()),
            header.keyId(),
            batch.position(),
            block.batches().size(),
            hex(toBlock.path())),
        new TransactionProof.Log(leaf.logIndex(), logSize, hex(paths.toLog().path())),
        new TransactionProof.Head(
            head.header().height(),
            head.stored().hash().hex(),
            HEX.formatHex(head.stored().headerBytes()),
            HEX.formatHex(head.stored().signature()),
            hex(paths.toHead().path())));
  }

  /** The leaf with its contents: only for a row that hashes to the leaf (checked before). */
  private static TransactionProof.Leaf fullLeaf(LogLeaf leaf, OwnedRow owned) {
    if (owned.transaction() == null) {
      throw new IllegalStateException(
          "row of " + leaf.txId() + " hashes to its leaf but forms" + " no transaction");
    }
    return new TransactionProof.Leaf(
        HEX.formatHex(owned.row().canonicalBytes()),
        leaf.leafHash().hex(),
        leaf.shard(),
        leaf.shardSeq(),
        TransactionProof.Decoded.of(owned.transaction()));
  }

  /** The three paths, over one bulk read of the stored log. */
  private Paths paths(LogLeaf leaf, BlockBatch batch, long logSize, long headSize) {
    // A batch's leaves are a contiguous run of the log, so its tree is a slice of the log tree.
    long batchStart = batch.firstLogIndex();
    long batchEnd = batchStart + batch.entry().count();
    long inBatch = batchStart + leaf.shardSeq() - batch.entry().firstSeq();
    return PrefetchedLog.compute(
        nodes,
        log ->
            new Paths(
                log.inclusion(inBatch, batchStart, batchEnd),
                log.inclusion(leaf.logIndex(), logSize),
                log.consistency(logSize, headSize)));
  }

  /** Stops the log reads; in-flight requests finish first (graceful shutdown). */
  @Override
  public void close() {
    logReads.close();
  }

  /** The paths computed over the stored log. */
  private record Paths(InclusionProof toBatch, InclusionProof toLog, ConsistencyProof toHead) {}

  private static Paths join(CompletableFuture<Paths> pending) {
    try {
      return pending.join();
    } catch (CompletionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw failed;
    }
  }

  private CachedBlock published(long height) {
    return blocks
        .block(height)
        .orElseThrow(
            () ->
                new IllegalStateException("block " + height + " at or below the head is missing"));
  }

  /** Pair assertion: the ledger never hands out a proof it cannot verify itself. */
  private static void assertVerifies(
      TxId txId,
      LogLeaf leaf,
      BlockBatch batch,
      CachedBlock block,
      Paths paths,
      InclusionProof toBlock,
      BlockHeader headHeader) {
    BlockHeader header = block.header();
    boolean valid =
        MerkleVerifier.verifyInclusion(leaf.leafHash(), paths.toBatch(), batch.entry().root())
            && block.batchTree().root().equals(header.batchRoot())
            && MerkleVerifier.verifyInclusion(batch.entry().leafHash(), toBlock, header.batchRoot())
            && MerkleVerifier.verifyInclusion(leaf.leafHash(), paths.toLog(), header.logRoot())
            && MerkleVerifier.verifyConsistency(
                paths.toHead(), header.logRoot(), headHeader.logRoot());
    if (!valid) {
      throw new IllegalStateException(
          "ledger tables do not prove transaction "
              + txId
              + " in block "
              + header.height()
              + ": run POST /api/v1/chain/verify");
    }
  }

  private static ApiProblem tampered(TxId txId, String why) {
    return new ApiProblem(
        HttpStatus.CONFLICT,
        "transaction-altered",
        "Transaction no longer matches the chain",
        "transaction " + txId + ": " + why,
        Map.of("transactionId", txId.toString()));
  }

  private static List<String> hex(List<Sha256Hash> path) {
    return path.stream().map(Sha256Hash::hex).toList();
  }
}
