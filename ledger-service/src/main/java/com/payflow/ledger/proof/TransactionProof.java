package com.payflow.ledger.proof;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.proof.ProofFormat;
import java.util.List;

/**
 * The proof that one transaction is in the signed chain (docs/ledger.md, "Proof"): its leaf, the
 * path to its batch root, the path from the batch entry to the block's batch root, the path from
 * the leaf to the block's log root, the signed header, and the signed head the block's log is a
 * prefix of. All hashes and bytes are lower-case hex.
 *
 * <p>The leaf's contents (canonical bytes, and decoded) are {@value ProofFormat#INCLUDED} only for
 * the API client that submitted the payment and the operator; everyone else gets the hashes-only
 * proof ({@value ProofFormat#WITHHELD}), which proves the leaf hash is in the chain without saying
 * who paid whom. The format's constants and its verifier live in payment-contracts ({@code
 * com.payflow.contracts.proof}).
 *
 * @param version proof format version
 * @param transactionId the transaction (bound to the leaf only by the leaf bytes)
 * @param leafContents {@value ProofFormat#INCLUDED} or {@value ProofFormat#WITHHELD}
 * @param leaf the leaf hash and position, with its canonical bytes when included
 * @param batch the batch entry and the leaf's path to the batch root
 * @param block the block header, signature and the batch entry's path to the batch root
 * @param log the leaf's path to the block's log root
 * @param head the chain head when the proof was made, and the consistency path to it
 */
public record TransactionProof(
    int version,
    String transactionId,
    String leafContents,
    Leaf leaf,
    Batch batch,
    Block block,
    Log log,
    Head head) {

  /** Invariant: the contents are there exactly when the proof says they are. */
  public TransactionProof {
    boolean included = leaf.bytes() != null && leaf.decoded() != null;
    boolean withheld = leaf.bytes() == null && leaf.decoded() == null;
    if (!(ProofFormat.INCLUDED.equals(leafContents) && included)
        && !(ProofFormat.WITHHELD.equals(leafContents) && withheld)) {
      throw new IllegalArgumentException(
          "leafContents "
              + leafContents
              + " does not match the leaf: bytes "
              + (leaf.bytes() != null)
              + ", decoded "
              + (leaf.decoded() != null));
    }
  }

  /**
   * The leaf. {@code bytes} and {@code decoded} are absent (not null) in a hashes-only proof.
   *
   * @param bytes CanonicalTransactionEncoding v1 bytes, from the shard row; null when withheld
   * @param hash SHA-256(0x00 || bytes)
   * @param shard shard
   * @param shardSeq shard sequence number
   * @param decoded the fields {@code bytes} encode, for reading; null when withheld
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Leaf(String bytes, String hash, int shard, long shardSeq, Decoded decoded) {}

  /**
   * What the leaf bytes say, for people; a verifier checks them against the bytes.
   *
   * @param payer paying account
   * @param payee receiving account
   * @param amount amount in minor units
   * @param currency ISO 4217 code
   * @param status SETTLED or REJECTED
   * @param reason rejection reason, empty when none (as in the bytes)
   * @param reference the client's reference
   * @param decidedAtMicros decision time, µs since the epoch (UTC)
   */
  public record Decoded(
      String payer,
      String payee,
      long amount,
      String currency,
      String status,
      String reason,
      String reference,
      long decidedAtMicros) {

    static Decoded of(SealedTransaction tx) {
      return new Decoded(
          tx.payer().value(),
          tx.payee().value(),
          tx.amount().value(),
          tx.amount().currencyCode(),
          tx.status(),
          tx.reason() == null ? "" : tx.reason(),
          tx.reference(),
          tx.decidedAtMicros());
    }
  }

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
  public record Block(
      long height,
      String hash,
      String header,
      String signature,
      String keyId,
      long batchIndex,
      long batchCount,
      List<String> path) {}

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
  public record Head(
      long height, String hash, String header, String signature, List<String> consistencyPath) {}
}
