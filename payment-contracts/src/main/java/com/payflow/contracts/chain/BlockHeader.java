package com.payflow.contracts.chain;

import com.payflow.contracts.merkle.Sha256Hash;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The signed part of a ledger block. Its canonical bytes ({@link BlockHeaderEncoding}) are what the
 * block hash is computed over and what the Ed25519 signature covers.
 *
 * @param version header format version, {@link BlockHeaderEncoding#VERSION}
 * @param height 1 for the first block, then +1 per block
 * @param previousHash block hash of height - 1; {@link #NO_PREVIOUS} (32 zero bytes) at height 1
 * @param batchRoot RFC 6962 root over the leaf hashes of this block's {@link BatchEntry} list
 * @param logSize number of transaction leaves in the append-only log after this block
 * @param logRoot RFC 6962 root over those {@code logSize} transaction leaf hashes
 * @param timestampMicros event time of the block (µs since the epoch, UTC), derived from batches
 * @param batchCount number of batches in this block
 * @param txCount number of transactions in this block
 * @param keyId id of the Ed25519 key that signs this header ({@link ChainSignatures#keyId})
 */
public record BlockHeader(
    int version,
    long height,
    Sha256Hash previousHash,
    Sha256Hash batchRoot,
    long logSize,
    Sha256Hash logRoot,
    long timestampMicros,
    int batchCount,
    int txCount,
    String keyId) {

  /** The previous hash of the first block: 32 zero bytes. */
  public static final Sha256Hash NO_PREVIOUS = new Sha256Hash(new byte[Sha256Hash.LENGTH]);

  /** Longest key id the one-byte length prefix can carry. */
  public static final int MAX_KEY_ID_LENGTH = 0xFF;

  /** Validates every field, naming the broken invariant. */
  public BlockHeader {
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(batchRoot, "batchRoot");
    Objects.requireNonNull(logRoot, "logRoot");
    Objects.requireNonNull(keyId, "keyId");
    if (version != BlockHeaderEncoding.VERSION) {
      throw new IllegalArgumentException("unsupported block header version " + version);
    }
    if (height < 1) {
      throw new IllegalArgumentException("block height starts at 1, was " + height);
    }
    if (height == 1 && !previousHash.equals(NO_PREVIOUS)) {
      throw new IllegalArgumentException("block 1 must have the all-zero previous hash");
    }
    if (batchCount < 1 || txCount < batchCount) {
      throw new IllegalArgumentException(
          "a block holds >= 1 batch and >= 1 tx per batch, had "
              + batchCount
              + " batches, "
              + txCount
              + " transactions");
    }
    if (logSize < txCount) {
      throw new IllegalArgumentException("log size " + logSize + " < block tx count " + txCount);
    }
    if (timestampMicros < 0) {
      throw new IllegalArgumentException("timestamp must not be negative: " + timestampMicros);
    }
    if (keyId.isEmpty()
        || keyId.length() > MAX_KEY_ID_LENGTH
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(keyId)) {
      throw new IllegalArgumentException(
          "key id must be 1.." + MAX_KEY_ID_LENGTH + " ASCII characters: " + keyId);
    }
  }

  /** Index of this block's first transaction in the log. */
  public long firstLogIndex() {
    return logSize - txCount;
  }
}
