package com.payflow.contracts.chain;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Ed25519 (RFC 8032, JDK built-in) signatures over canonical block header bytes, and the key id
 * that names a public key: {@code "ed25519:" + first 16 hex digits of SHA-256(raw 32-byte key)}.
 */
public final class ChainSignatures {

  /** JCA name of the signature and key algorithm. */
  public static final String ALGORITHM = "Ed25519";

  /** Length of a raw Ed25519 public key and of half a signature. */
  public static final int RAW_KEY_LENGTH = 32;

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_LENGTH = 64;

  /** Key ids start with this. */
  public static final String KEY_ID_PREFIX = "ed25519:";

  private static final int KEY_ID_HEX_DIGITS = 16;

  /** X.509 SubjectPublicKeyInfo prefix for Ed25519 (RFC 8410): 12 bytes, then the raw key. */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private ChainSignatures() {}

  /** Signs {@code message} (the canonical header bytes). */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException failed) {
      throw new IllegalStateException("Ed25519 signing failed; is the key an Ed25519 key?", failed);
    }
  }

  /** True iff {@code signature} is a valid Ed25519 signature of {@code message}; never throws. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    Objects.requireNonNull(key, "key");
    if (signature == null || signature.length != SIGNATURE_LENGTH || message == null) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (InvalidKeyException | SignatureException | NoSuchAlgorithmException rejected) {
      return false;
    }
  }

  /** The raw 32-byte public key (RFC 8032 encoding). */
  public static byte[] rawPublicKey(PublicKey key) {
    byte[] x509 = key.getEncoded();
    if (x509.length != X509_PREFIX.length + RAW_KEY_LENGTH
        || !Arrays.equals(x509, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    return Arrays.copyOfRange(x509, X509_PREFIX.length, x509.length);
  }

  /**
   * A public key as people write it down: 64 hex digits, or base64 of the raw 32 bytes or of the
   * X.509 (SubjectPublicKeyInfo) form the ledger's public-key endpoint gives.
   */
  public static PublicKey publicKeyFromText(String text) {
    String value = text.strip();
    byte[] encoded =
        value.length() == RAW_KEY_LENGTH * 2 && value.matches("[0-9a-fA-F]+")
            ? HexFormat.of().parseHex(value)
            : Base64.getDecoder().decode(value);
    if (encoded.length == RAW_KEY_LENGTH) {
      return publicKeyFromRaw(encoded);
    }
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
    } catch (NoSuchAlgorithmException | InvalidKeySpecException bad) {
      throw new IllegalArgumentException("public key is neither 32 raw bytes nor X.509", bad);
    }
  }

  /** Rebuilds a public key from its raw 32 bytes. */
  public static PublicKey publicKeyFromRaw(byte[] raw) {
    if (raw == null || raw.length != RAW_KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 public key has " + RAW_KEY_LENGTH + " bytes");
    }
    byte[] x509 = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + RAW_KEY_LENGTH);
    System.arraycopy(raw, 0, x509, X509_PREFIX.length, RAW_KEY_LENGTH);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
    } catch (NoSuchAlgorithmException | InvalidKeySpecException failed) {
      throw new IllegalArgumentException("invalid Ed25519 public key", failed);
    }
  }

  /** The key id of {@code key}: {@code ed25519:} + 16 hex digits of SHA-256(raw key). */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawPublicKey(key));
      return KEY_ID_PREFIX + HexFormat.of().formatHex(digest).substring(0, KEY_ID_HEX_DIGITS);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by the Java SE spec", impossible);
    }
  }
}
