package com.payflow.contracts.chain;

import com.payflow.contracts.merkle.Sha256Hash;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Version 1 of the canonical block header bytes. Big-endian, fixed layout, no optional fields;
 * decoding is strict (any trailing or missing byte is an error), so one header has exactly one
 * encoding. Documented byte by byte in docs/ledger.md.
 *
 * <pre>
 * 4   magic "PFBH" (ASCII) - the bytes can never be mistaken for another signed payload
 * u8  version = 1
 * u64 height
 * 32  previous block hash
 * 32  batch root
 * u64 log size
 * 32  log root
 * u64 timestamp, µs since the epoch (UTC)
 * u32 batch count
 * u32 transaction count
 * u8  key id length, then that many ASCII bytes
 * </pre>
 */
public final class BlockHeaderEncoding {

  /** The header format version. */
  public static final int VERSION = 1;

  /** The four ASCII bytes every header starts with. */
  public static final byte[] MAGIC = "PFBH".getBytes(StandardCharsets.US_ASCII);

  /** Length of everything except the key id bytes. */
  public static final int FIXED_LENGTH =
      MAGIC.length
          + 1
          + Long.BYTES
          + 2 * Sha256Hash.LENGTH
          + Long.BYTES
          + Sha256Hash.LENGTH
          + Long.BYTES
          + 2 * Integer.BYTES
          + 1;

  private BlockHeaderEncoding() {}

  /** The canonical bytes of {@code header}. */
  public static byte[] encode(BlockHeader header) {
    byte[] keyId = header.keyId().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(FIXED_LENGTH + keyId.length);
    out.put(MAGIC);
    out.put((byte) header.version());
    out.putLong(header.height());
    out.put(header.previousHash().bytes());
    out.put(header.batchRoot().bytes());
    out.putLong(header.logSize());
    out.put(header.logRoot().bytes());
    out.putLong(header.timestampMicros());
    out.putInt(header.batchCount());
    out.putInt(header.txCount());
    out.put((byte) keyId.length);
    out.put(keyId);
    return out.array();
  }

  /** Parses canonical bytes; throws {@link IllegalArgumentException} on anything else. */
  public static BlockHeader decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not a block header: magic is not PFBH");
      }
      int version = Byte.toUnsignedInt(in.get());
      long height = in.getLong();
      Sha256Hash previous = hash(in);
      Sha256Hash batchRoot = hash(in);
      long logSize = in.getLong();
      Sha256Hash logRoot = hash(in);
      long timestamp = in.getLong();
      int batchCount = in.getInt();
      int txCount = in.getInt();
      byte[] keyId = new byte[Byte.toUnsignedInt(in.get())];
      in.get(keyId);
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes after the header");
      }
      return new BlockHeader(
          version,
          height,
          previous,
          batchRoot,
          logSize,
          logRoot,
          timestamp,
          batchCount,
          txCount,
          new String(keyId, StandardCharsets.US_ASCII));
    } catch (BufferUnderflowException truncated) {
      throw new IllegalArgumentException(
          "block header truncated at byte " + in.position(), truncated);
    }
  }

  /** The block hash: SHA-256 over the canonical header bytes (no prefix). */
  public static Sha256Hash blockHash(byte[] headerBytes) {
    try {
      return new Sha256Hash(MessageDigest.getInstance("SHA-256").digest(headerBytes));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by the Java SE spec", impossible);
    }
  }

  /** The block hash of {@code header}. */
  public static Sha256Hash blockHash(BlockHeader header) {
    return blockHash(encode(header));
  }

  private static Sha256Hash hash(ByteBuffer in) {
    byte[] hash = new byte[Sha256Hash.LENGTH];
    in.get(hash);
    return new Sha256Hash(hash);
  }
}
