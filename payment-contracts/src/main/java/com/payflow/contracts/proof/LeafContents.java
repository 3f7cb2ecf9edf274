package com.payflow.contracts.proof;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a transaction leaf says: CanonicalTransactionEncoding v1 (docs/ledger.md §1) decoded
 * strictly — a byte missing, left over or not valid UTF-8/ASCII fails — so what the verifier prints
 * is exactly what the hashed bytes say.
 *
 * @param txId transaction id
 * @param shard shard
 * @param shardSeq shard sequence number
 * @param payer paying account
 * @param payee receiving account
 * @param amount amount in minor units
 * @param currency ISO 4217 code
 * @param status SETTLED or REJECTED
 * @param reason rejection reason, empty when none
 * @param reference the client's reference
 * @param decidedAtMicros decision time, µs since the epoch (UTC)
 */
public record LeafContents(
    UUID txId,
    int shard,
    long shardSeq,
    String payer,
    String payee,
    long amount,
    String currency,
    String status,
    String reason,
    String reference,
    long decidedAtMicros) {

  private static final int VERSION = 1;
  private static final int CURRENCY_LENGTH = 3;
  private static final int U16 = 0xFFFF;

  /** Decodes {@code bytes}; the failure names {@code field}. */
  public static LeafContents decode(byte[] bytes, String field) throws ProofVerificationException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      int version = in.get();
      if (version != VERSION) {
        throw new ProofVerificationException(
            field + " are not CanonicalTransactionEncoding v1" + " (version byte " + version + ")");
      }
      // Java evaluates arguments left to right (JLS 15.7.4): these read in encoding order.
      LeafContents contents =
          new LeafContents(
              new UUID(in.getLong(), in.getLong()),
              in.getInt(),
              in.getLong(),
              string(in, field),
              string(in, field),
              in.getLong(),
              ascii(in, CURRENCY_LENGTH, field),
              string(in, field),
              string(in, field),
              string(in, field),
              in.getLong());
      if (in.hasRemaining()) {
        throw new ProofVerificationException(
            field + " have " + in.remaining() + " bytes after the" + " decision time");
      }
      return contents;
    } catch (BufferUnderflowException truncated) {
      throw new ProofVerificationException(
          field + " end before the last field of" + " CanonicalTransactionEncoding v1");
    }
  }

  /**
   * Fails unless every field {@code decoded} (the proof's {@code leaf.decoded}) repeats equals what
   * the bytes say.
   */
  void requireRepeatedBy(JsonInput decoded) throws ProofVerificationException {
    String source = "leaf.bytes";
    decoded.requireEqual("payer", decoded.text("payer"), payer, source);
    decoded.requireEqual("payee", decoded.text("payee"), payee, source);
    decoded.requireEqual("amount", decoded.number("amount"), amount, source);
    decoded.requireEqual("currency", decoded.text("currency"), currency, source);
    decoded.requireEqual("status", decoded.text("status"), status, source);
    decoded.requireEqual("reason", decoded.text("reason"), reason, source);
    decoded.requireEqual("reference", decoded.text("reference"), reference, source);
    decoded.requireEqual(
        "decidedAtMicros", decoded.number("decidedAtMicros"), decidedAtMicros, source);
  }

  private static String string(ByteBuffer in, String field) throws ProofVerificationException {
    int length = in.getShort() & U16;
    byte[] utf8 = new byte[length];
    in.get(utf8);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException malformed) {
      throw new ProofVerificationException(field + " hold a string that is not UTF-8");
    }
  }

  private static String ascii(ByteBuffer in, int length, String field)
      throws ProofVerificationException {
    byte[] code = new byte[length];
    in.get(code);
    for (byte b : code) {
      if (b < 'A' || b > 'Z') {
        throw new ProofVerificationException(field + " hold a currency that is not 3 letters A-Z");
      }
    }
    return new String(code, StandardCharsets.US_ASCII);
  }
}
