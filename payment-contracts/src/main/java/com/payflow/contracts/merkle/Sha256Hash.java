package com.payflow.contracts.merkle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An immutable 32-byte SHA-256 digest, compared by content.
 *
 * <p>The canonical constructor and {@link #bytes()} copy the array, so no caller can mutate a hash
 * after it has been placed in a tree or a proof.
 *
 * @param bytes the 32 digest bytes; copied on the way in and on the way out
 */
public record Sha256Hash(byte[] bytes) {

  /** Length of a SHA-256 digest in bytes. */
  public static final int LENGTH = 32;

  /** Length of the hexadecimal form: two characters per byte. */
  public static final int HEX_LENGTH = LENGTH * 2;

  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]{" + HEX_LENGTH + "}");

  /** Validates the length and takes a private copy of the digest bytes. */
  public Sha256Hash {
    Objects.requireNonNull(bytes, "bytes must not be null");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a SHA-256 hash must be exactly " + LENGTH + " bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Parses 64 hexadecimal characters (either case) into a hash. */
  public static Sha256Hash fromHex(String hex) {
    Objects.requireNonNull(hex, "hex must not be null");
    if (hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException(
          "a SHA-256 hash must be exactly " + HEX_LENGTH + " hex characters, got " + hex.length());
    }
    try {
      return new Sha256Hash(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hash is not valid hexadecimal: " + hex, e);
    }
  }

  /**
   * The hash as events carry it: 64 lower-case hex digits, nothing else (one spelling per hash, so
   * a re-announced event compares equal as text too).
   */
  @JsonCreator
  public static Sha256Hash fromWire(String hex) {
    if (hex == null || !LOWER_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "a hash must be " + HEX_LENGTH + " lower-case hex digits, was " + hex);
    }
    return new Sha256Hash(HEX.parseHex(hex));
  }

  /** Returns a copy of the 32 digest bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns the lowercase hexadecimal form (64 characters); events carry this form. */
  @JsonValue
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** Feeds the digest bytes to {@code digest} without the defensive copy {@link #bytes()} makes. */
  void updateDigest(MessageDigest digest) {
    digest.update(bytes);
  }

  /** Copies the digest bytes into {@code target} at {@code offset}, again without a copy. */
  void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  /** Compares by content; the record default would compare array identity. */
  @Override
  public boolean equals(Object other) {
    // MessageDigest.isEqual is constant-time; roots are public data, but it costs nothing here.
    return other instanceof Sha256Hash that && MessageDigest.isEqual(bytes, that.bytes);
  }

  /** Hashes by content, consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Returns {@code Sha256Hash[<hex>]}. */
  @Override
  public String toString() {
    return "Sha256Hash[" + hex() + "]";
  }
}
