package com.payflow.ledger.verification;

/**
 * One thing verification found broken, located as precisely as the check allows.
 *
 * @param kind what broke (see {@link Kind})
 * @param height the block, when known
 * @param shard the shard, when known
 * @param batchSeq the batch, when known
 * @param shardSeq the row position, when known
 * @param transactionId the transaction, when known
 * @param detail a sentence for people
 */
public record Problem(Kind kind, Long height, Integer shard, Long batchSeq, Long shardSeq,
    String transactionId, String detail) {

  /** What verification can find. */
  public enum Kind {
    /** Stored block hash is not SHA-256 of the stored header. */
    BLOCK_HASH,
    /** Height or previous-hash link broken. */
    LINK,
    /** Signature does not verify, or the key id is unknown. */
    SIGNATURE,
    /** The block's batch entries do not give its batch root, or counts differ. */
    BLOCK_ROOT,
    /** The ledger's leaves of a batch do not give the batch root. */
    BATCH_ROOT,
    /** The ledger's log does not give the header's log size or root. */
    LOG_ROOT,
    /** A shard row's fields no longer hash to its leaf. */
    UPDATED,
    /** A blocked transaction's row is gone. */
    DELETED,
    /** A row that is in no block (or in none that is sealed) sits in the shard. */
    INSERTED,
    /** A blocked transaction's row moved to another shard sequence position. */
    REORDERED
  }
}
