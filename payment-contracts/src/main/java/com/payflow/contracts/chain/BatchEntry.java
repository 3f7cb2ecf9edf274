package com.payflow.contracts.chain;

import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.Sha256Hash;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One sealed batch as a leaf of its block's batch tree. The leaf binds the shard and the sequence
 * range to the batch root, so a root cannot be moved to another shard or range unnoticed.
 *
 * <pre>
 * u8  version = 1
 * u32 shard
 * u64 batch sequence, u64 first shard sequence, u64 last shard sequence
 * 32  batch root (RFC 6962 root over the transaction leaf hashes first..last)
 * </pre>
 *
 * @param shard shard the batch was settled on
 * @param batchSeq batch sequence number within the shard
 * @param firstSeq first transaction shard sequence number
 * @param lastSeq last transaction shard sequence number
 * @param root RFC 6962 root over the transactions' leaf hashes in shard sequence order
 */
public record BatchEntry(int shard, long batchSeq, long firstSeq, long lastSeq, Sha256Hash root) {

  /** Encoding version written as the first byte. */
  public static final int VERSION = 1;

  /** Length of the canonical bytes. */
  public static final int LENGTH = 1 + Integer.BYTES + 3 * Long.BYTES + Sha256Hash.LENGTH;

  /** Validates the range. */
  public BatchEntry {
    Objects.requireNonNull(root, "root");
    if (shard < 0 || batchSeq < 1 || firstSeq < 1 || lastSeq < firstSeq) {
      throw new IllegalArgumentException(
          "invalid batch entry shard="
              + shard
              + " batch="
              + batchSeq
              + " range="
              + firstSeq
              + ".."
              + lastSeq);
    }
  }

  /** Number of transactions in the batch. */
  public long count() {
    return lastSeq - firstSeq + 1;
  }

  /** The canonical bytes (the leaf data of the block's batch tree). */
  public byte[] encode() {
    return ByteBuffer.allocate(LENGTH)
        .put((byte) VERSION)
        .putInt(shard)
        .putLong(batchSeq)
        .putLong(firstSeq)
        .putLong(lastSeq)
        .put(root.bytes())
        .array();
  }

  /** Parses canonical bytes; IllegalArgumentException names what is wrong with them. */
  public static BatchEntry decode(byte[] bytes) {
    if (bytes.length != LENGTH || bytes[0] != VERSION) {
      throw new IllegalArgumentException(
          "batch entry is not " + LENGTH + " bytes of version " + VERSION);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    int shard = in.getInt();
    long batchSeq = in.getLong();
    long firstSeq = in.getLong();
    long lastSeq = in.getLong();
    byte[] root = new byte[Sha256Hash.LENGTH];
    in.get(root);
    return new BatchEntry(shard, batchSeq, firstSeq, lastSeq, new Sha256Hash(root));
  }

  /** RFC 6962 leaf hash of {@link #encode()}. */
  public Sha256Hash leafHash() {
    return MerkleHashing.leafHash(encode());
  }
}
