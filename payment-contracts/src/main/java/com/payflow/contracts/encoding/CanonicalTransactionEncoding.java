package com.payflow.contracts.encoding;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Version 1 of the canonical byte encoding of a {@link SealedTransaction}: the input of its Merkle
 * leaf hash. Big-endian, length-prefixed strings, no optional fields, so two implementations can
 * only agree or visibly disagree. Documented in docs/ledger.md.
 *
 * <pre>
 * u8  version = 1
 * 16  tx id (UUID, most significant bits first)
 * u32 shard, u64 shard sequence
 * str payer, str payee             (str = u16 byte length + UTF-8 bytes)
 * u64 amount in minor units, 3 bytes ISO 4217 code (ASCII)
 * str status, str reason ("" when none), str reference
 * u64 decision time, microseconds since the epoch (UTC)
 * </pre>
 */
public final class CanonicalTransactionEncoding {

  /** The encoding version written as the first byte. */
  public static final int VERSION = 1;

  private static final int MAX_STRING_BYTES = 0xFFFF;
  private static final int TYPICAL_SIZE = 160;

  private CanonicalTransactionEncoding() {}

  /** The canonical bytes of {@code tx}. */
  public static byte[] encode(SealedTransaction tx) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(TYPICAL_SIZE);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.write(tx.txId().toBytes());
      out.writeInt(tx.shard());
      out.writeLong(tx.shardSeq());
      writeString(out, tx.payer().value());
      writeString(out, tx.payee().value());
      out.writeLong(tx.amount().value());
      out.write(tx.amount().currencyCode().getBytes(StandardCharsets.US_ASCII));
      writeString(out, tx.status());
      writeString(out, tx.reason() == null ? "" : tx.reason());
      writeString(out, tx.reference());
      out.writeLong(tx.decidedAtMicros());
    } catch (IOException impossible) {
      throw new UncheckedIOException("in-memory stream cannot fail", impossible);
    }
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException(
          "string field longer than " + MAX_STRING_BYTES + " bytes cannot be encoded");
    }
    out.writeShort(utf8.length);
    out.write(utf8);
  }
}
