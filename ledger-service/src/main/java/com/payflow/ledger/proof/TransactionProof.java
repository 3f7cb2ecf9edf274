package com.payflow.ledger.proof;

import java.util.List;

/**
 * The proof that one transaction is in the signed chain (docs/ledger.md, "Proof"): its leaf, the
 * path to its batch root, the path from the batch entry to the block's batch root, the path from
 * the leaf to the block's log root, the signed header, and the signed head the block's log is a
 * prefix of. All hashes and bytes are lower-case hex.
 *
 * @param version proof format version
 * @param transactionId the transaction
 * @param leaf canonical transaction bytes and their leaf hash
 * @param batch the batch entry and the leaf's path to the batch root
 * @param block the block header, signature and the batch entry's path to the batch root
 * @param log the leaf's path to the block's log root
 * @param head the chain head when the proof was made, and the consistency path to it
 */
public record TransactionProof(int version, String transactionId, Leaf leaf, Batch batch,
    Block block, Log log, Head head) {

  /** Proof format version. */
  public static final int VERSION = 1;

  /**
   * The leaf.
   *
   * @param bytes CanonicalTransactionEncoding v1 bytes, from the shard row
   * @param hash SHA-256(0x00 || bytes)
   * @param shard shard
   * @param shardSeq shard sequence number
   */
  public record Leaf(String bytes, String hash, int shard, long shardSeq) {}

  /**
   * The batch.
   *
   * @param entry canonical BatchEntry bytes
   * @param root batch root
   * @param leafIndex index of the leaf in the batch (shardSeq - firstSeq)
   * @param size number of transactions in the batch
   * @param path audit path from the leaf to {@code root}
   */
  public record Batch(String entry, String root, long leafIndex, long size, List<String> path) {}

  /**
   * The block.
   *
   * @param height block height
   * @param hash block hash (SHA-256 of {@code header})
   * @param header canonical header bytes
   * @param signature Ed25519 signature of {@code header}
   * @param keyId signing key id
   * @param batchIndex index of the batch entry in the block's batch tree
   * @param batchCount number of batches in the block
   * @param path audit path from the batch entry's leaf hash to the header's batch root
   */
  public record Block(long height, String hash, String header, String signature, String keyId,
      long batchIndex, long batchCount, List<String> path) {}

  /**
   * The log.
   *
   * @param leafIndex index of the leaf in the log
   * @param treeSize the block's log size
   * @param path audit path from the leaf to the header's log root
   */
  public record Log(long leafIndex, long treeSize, List<String> path) {}

  /**
   * The head.
   *
   * @param height head height
   * @param hash head block hash
   * @param header canonical head header bytes
   * @param signature Ed25519 signature of {@code header}
   * @param consistencyPath RFC 6962 consistency path from the block's log to the head's log
   */
  public record Head(long height, String hash, String header, String signature,
      List<String> consistencyPath) {}
}
