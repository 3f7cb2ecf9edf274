package com.payflow.contracts.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.payflow.contracts.account.ClientId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * A transaction id. Derived from (client, idempotency key) so that the key decides identity end to
 * end: a retried or duplicated submission can never become a second transaction, even if the
 * gateway's idempotency record was lost.
 */
public record TxId(UUID value) {

  /** Name-space prefix so ids of other derivations can never collide with payment ids. */
  private static final byte[] PAYMENT_NAMESPACE =
      "payflow/payment/v1\u0000".getBytes(StandardCharsets.UTF_8);

  private static final int UUID_BYTES = 16;

  /** Validates the id. */
  public TxId {
    Objects.requireNonNull(value, "tx id");
  }

  /** The id of the payment submitted by {@code client} under {@code idempotencyKey}. */
  public static TxId forPayment(ClientId client, String idempotencyKey) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    MessageDigest sha256 = sha256();
    sha256.update(PAYMENT_NAMESPACE);
    byte[] clientBytes = client.value().getBytes(StandardCharsets.UTF_8);
    sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(clientBytes.length).array());
    sha256.update(clientBytes);
    sha256.update(idempotencyKey.getBytes(StandardCharsets.UTF_8));
    return fromHashBytes(sha256.digest());
  }

  /** The id of a funding (or other system) transfer named by {@code purpose} and a key. */
  public static TxId forSystemTransfer(String purpose, String key) {
    MessageDigest sha256 = sha256();
    sha256.update(("payflow/" + purpose + "/v1\u0000").getBytes(StandardCharsets.UTF_8));
    sha256.update(key.getBytes(StandardCharsets.UTF_8));
    return fromHashBytes(sha256.digest());
  }

  /** Parses the canonical UUID text form. */
  @JsonCreator
  public static TxId parse(String text) {
    try {
      UUID uuid = UUID.fromString(text);
      if (!uuid.toString().equals(text.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("not a canonical UUID: " + text);
      }
      return new TxId(uuid);
    } catch (IllegalArgumentException | NullPointerException bad) {
      throw new IllegalArgumentException("transaction id must be a UUID, was " + text, bad);
    }
  }

  /** Rebuilds an id from the 16 bytes stored in the database. */
  public static TxId fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != UUID_BYTES) {
      throw new IllegalArgumentException("transaction id must be 16 bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new TxId(new UUID(buffer.getLong(), buffer.getLong()));
  }

  /** The 16 big-endian bytes, as stored in BINARY(16) columns and the canonical encoding. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(UUID_BYTES)
        .putLong(value.getMostSignificantBits())
        .putLong(value.getLeastSignificantBits())
        .array();
  }

  @JsonValue
  @Override
  public String toString() {
    return value.toString();
  }

  private static TxId fromHashBytes(byte[] hash) {
    // RFC 9562 version 8 (custom) layout: keep 122 hash bits, set version and variant bits.
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer buffer = ByteBuffer.wrap(hash, 0, UUID_BYTES);
    return new TxId(new UUID(buffer.getLong(), buffer.getLong()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK must provide SHA-256", impossible);
    }
  }
}
