package com.payflow.transaction.dashboard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard login as a sealed cookie value: AES-256-GCM over (expiry, operator key), so the
 * browser holds no readable key and no server keeps session state (any instance with the same
 * secret accepts it, a restart keeps operators logged in). The operator key travels inside because
 * the replay action must present it to settlement-consumer. A cookie whose key no longer hashes to
 * the configured operator hash (key rotated) is refused.
 */
final class DashboardSession {

  /** Cookie name. */
  static final String COOKIE = "payflow_dashboard";

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final String operatorKeySha256;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param secret configured secret; empty: derived from {@code operatorKeySha256}
   * @param operatorKeySha256 SHA-256 hex of the operator API key
   */
  DashboardSession(String secret, String operatorKeySha256) {
    this.operatorKeySha256 = operatorKeySha256;
    String material = secret.isEmpty() ? "derived:" + operatorKeySha256 : "configured:" + secret;
    this.key =
        new SecretKeySpec(
            hmac(
                "payflow-dashboard-session-v1".getBytes(StandardCharsets.UTF_8),
                material.getBytes(StandardCharsets.UTF_8)),
            "AES");
  }

  /** Whether {@code apiKey} is the operator's key (constant-time comparison of the hashes). */
  boolean isOperatorKey(String apiKey) {
    if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 128) {
      return false;
    }
    return MessageDigest.isEqual(
        sha256Hex(apiKey).getBytes(StandardCharsets.US_ASCII),
        operatorKeySha256.getBytes(StandardCharsets.US_ASCII));
  }

  /** A sealed login for {@code operatorKey} valid until {@code expiresAtMs}. */
  String seal(String operatorKey, long expiresAtMs) {
    byte[] keyBytes = operatorKey.getBytes(StandardCharsets.UTF_8);
    ByteBuffer plain = ByteBuffer.allocate(Long.BYTES + keyBytes.length);
    plain.putLong(expiresAtMs).put(keyBytes);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(new byte[] {VERSION});
      byte[] sealed = cipher.doFinal(plain.array());
      ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
      out.put(VERSION).put(nonce).put(sealed);
      return ENCODER.encodeToString(out.array());
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("AES-GCM unavailable", impossible);
    }
  }

  /** The operator key of a valid, unexpired login, else empty. */
  Optional<String> open(String cookieValue, long nowMs) {
    if (cookieValue == null || cookieValue.length() > 1024) {
      return Optional.empty();
    }
    try {
      byte[] bytes = DECODER.decode(cookieValue);
      if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 + Long.BYTES || bytes[0] != VERSION) {
        return Optional.empty();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
      cipher.updateAAD(new byte[] {VERSION});
      byte[] plain = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
      ByteBuffer in = ByteBuffer.wrap(plain);
      long expires = in.getLong();
      String operatorKey =
          new String(plain, Long.BYTES, plain.length - Long.BYTES, StandardCharsets.UTF_8);
      if (expires < nowMs || !isOperatorKey(operatorKey)) {
        return Optional.empty();
      }
      return Optional.of(operatorKey);
    } catch (IllegalArgumentException | GeneralSecurityException invalid) {
      return Optional.empty();
    }
  }

  private static byte[] hmac(byte[] keyBytes, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("HmacSHA256 unavailable", impossible);
    }
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("SHA-256 unavailable", impossible);
    }
  }
}
