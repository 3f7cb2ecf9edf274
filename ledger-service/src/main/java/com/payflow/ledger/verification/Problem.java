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
 * @param account the account, for the books kinds
 * @param storedBalance {@code accounts.balance} as stored (null when the row is missing)
 * @param recomputedBalance the balance the sealed transactions and credit legs give
 * @param entriesBalance the sum of the account's {@code entries} rows
 */
public record Problem(
    Kind kind,
    Long height,
    Integer shard,
    Long batchSeq,
    Long shardSeq,
    String transactionId,
    String detail,
    String account,
    Long storedBalance,
    Long recomputedBalance,
    Long entriesBalance) {

  /** A problem of the chain or its rows, which names no account. */
  public Problem(
      Kind kind,
      Long height,
      Integer shard,
      Long batchSeq,
      Long shardSeq,
      String transactionId,
      String detail) {
    this(kind, height, shard, batchSeq, shardSeq, transactionId, detail, null, null, null, null);
  }

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
    REORDERED,
    /** An account's stored balance is not what its shard's transactions and credit legs give. */
    BALANCE_MISMATCH,
    /** An account's entries do not add up to its balance, which is otherwise right. */
    ENTRY_SUM_MISMATCH,
    /** A posting a transaction or credit leg implies has no entry row. */
    ENTRY_MISSING,
    /** An entry row of a transaction or credit leg has another amount or currency. */
    ENTRY_MISMATCH,
    /** An entry row that no transaction or credit leg of its shard implies. */
    ENTRY_INSERTED,
    /** A credit leg that carries out no settled cross-shard transaction of its payer shard. */
    CREDIT_LEG_UNMATCHED
  }
}
