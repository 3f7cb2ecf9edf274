package com.payflow.ledger.proof;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.merkle.InclusionProof;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.payment.TxId;
import com.payflow.ledger.chain.BlockBatch;
import com.payflow.ledger.chain.ChainStore;
import com.payflow.ledger.chain.LogLeaf;
import com.payflow.ledger.chain.LogTree;
import com.payflow.ledger.chain.StoredBlock;
import com.payflow.ledger.shard.ShardRow;
import com.payflow.ledger.shard.ShardRows;
import com.payflow.ledger.system.ApiProblem;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Builds transaction proofs from the ledger tables and the shard row. */
@Service
public class TransactionProofs {

  private static final HexFormat HEX = HexFormat.of();

  private final ChainStore chain;
  private final ShardRows shardRows;

  TransactionProofs(ChainStore chain, ShardRows shardRows) {
    this.chain = chain;
    this.shardRows = shardRows;
  }

  /** The proof of {@code txId}; 404 when not (yet) in a block, 409 when its row was altered. */
  public TransactionProof proof(TxId txId) {
    LogLeaf leaf = chain.leafOf(txId).orElseThrow(() -> ApiProblem.notFound(
        "transaction-not-in-chain", "transaction " + txId + " is not in a block (yet)"));
    StoredBlock block = chain.block(leaf.height()).orElseThrow();
    StoredBlock head = chain.head().orElseThrow();
    BlockHeader header = block.header();
    ShardRow row = shardRows.byId(leaf.shard(), txId).orElseThrow(() -> tampered(txId,
        "its row is missing from shard " + leaf.shard()));
    if (row.recomputedLeaf() == null || !row.recomputedLeaf().equals(leaf.leafHash())
        || row.shardSeq() != leaf.shardSeq()) {
      throw tampered(txId, "its shard row no longer hashes to the leaf in block "
          + leaf.height());
    }
    BlockBatch batch = chain.batchHolding(leaf.shard(), leaf.shardSeq()).orElseThrow();
    List<Sha256Hash> batchLeaves = chain.leaves(batch.firstLogIndex(), batch.entry().count())
        .stream().map(LogLeaf::leafHash).toList();
    MerkleTree batchTree = MerkleTree.of(batchLeaves);
    int indexInBatch = Math.toIntExact(leaf.shardSeq() - batch.entry().firstSeq());
    InclusionProof toBatch = batchTree.inclusionProof(indexInBatch);
    List<BlockBatch> blockBatches = chain.batchesOf(leaf.height());
    MerkleTree blockTree = MerkleTree.of(blockBatches.stream()
        .map(entry -> entry.entry().leafHash()).toList());
    InclusionProof toBlock = blockTree.inclusionProof(batch.position());
    LogTree log = new LogTree(chain.nodeReader());
    InclusionProof toLog = log.inclusion(leaf.logIndex(), header.logSize());
    var toHead = log.consistency(header.logSize(), head.header().logSize());
    assertVerifies(txId, leaf, batchTree, batch, toBatch, blockTree, header, toBlock, toLog);
    return new TransactionProof(TransactionProof.VERSION, txId.toString(),
        new TransactionProof.Leaf(HEX.formatHex(row.canonicalBytes()), leaf.leafHash().hex(),
            leaf.shard(), leaf.shardSeq()),
        new TransactionProof.Batch(HEX.formatHex(batch.entry().encode()),
            batch.entry().root().hex(), indexInBatch, batch.entry().count(),
            hex(toBatch.path())),
        new TransactionProof.Block(header.height(), block.hash().hex(),
            HEX.formatHex(block.headerBytes()), HEX.formatHex(block.signature()),
            header.keyId(), batch.position(), blockBatches.size(), hex(toBlock.path())),
        new TransactionProof.Log(leaf.logIndex(), header.logSize(), hex(toLog.path())),
        new TransactionProof.Head(head.header().height(), head.hash().hex(),
            HEX.formatHex(head.headerBytes()), HEX.formatHex(head.signature()),
            hex(toHead.path())));
  }

  /** Pair assertion: the ledger never hands out a proof it cannot verify itself. */
  private static void assertVerifies(TxId txId, LogLeaf leaf, MerkleTree batchTree,
      BlockBatch batch, InclusionProof toBatch, MerkleTree blockTree, BlockHeader header,
      InclusionProof toBlock, InclusionProof toLog) {
    boolean valid = batchTree.root().equals(batch.entry().root())
        && MerkleVerifier.verifyInclusion(leaf.leafHash(), toBatch, batch.entry().root())
        && blockTree.root().equals(header.batchRoot())
        && MerkleVerifier.verifyInclusion(batch.entry().leafHash(), toBlock, header.batchRoot())
        && MerkleVerifier.verifyInclusion(leaf.leafHash(), toLog, header.logRoot());
    if (!valid) {
      throw new IllegalStateException("ledger tables do not prove transaction " + txId
          + " in block " + header.height() + ": run POST /api/v1/chain/verify");
    }
  }

  private static ApiProblem tampered(TxId txId, String why) {
    return new ApiProblem(HttpStatus.CONFLICT, "transaction-altered",
        "Transaction no longer matches the chain", "transaction " + txId + ": " + why,
        Map.of("transactionId", txId.toString()));
  }

  private static List<String> hex(List<Sha256Hash> path) {
    return path.stream().map(Sha256Hash::hex).toList();
  }
}
