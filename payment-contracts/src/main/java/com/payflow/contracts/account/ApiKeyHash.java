package com.payflow.contracts.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How every service stores and compares API keys: only the SHA-256 of the key (lower-case hex) is
 * ever configured, stored or compared, never the key itself.
 */
public final class ApiKeyHash {

  private ApiKeyHash() {}

  /** The lower-case hex SHA-256 of {@code key}'s UTF-8 bytes. */
  public static String of(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK must provide SHA-256", impossible);
    }
  }

  /** Whether {@code key} hashes to {@code expectedHex}, compared in constant time. */
  public static boolean matches(String key, String expectedHex) {
    return key != null
        && expectedHex != null
        && MessageDigest.isEqual(
            of(key).getBytes(StandardCharsets.US_ASCII),
            expectedHex.getBytes(StandardCharsets.US_ASCII));
  }
}
