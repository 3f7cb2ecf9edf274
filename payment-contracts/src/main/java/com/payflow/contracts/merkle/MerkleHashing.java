package com.payflow.contracts.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** RFC 6962 §2.1 hash functions: leaf hash, interior node hash and the empty-tree hash. */
public final class MerkleHashing {

  /** JCA name of the only hash algorithm RFC 6962 defines. */
  public static final String ALGORITHM = "SHA-256";

  /** Domain-separation prefix for leaves, so a leaf can never be read as an interior node. */
  static final byte LEAF_PREFIX = 0x00;

  /** Domain-separation prefix for interior nodes. */
  static final byte NODE_PREFIX = 0x01;

  /**
   * Never updated after construction, only cloned. Cloning an untouched digest reads its state
   * without writing it, so this is safe from any thread; unlike a ThreadLocal it does not pin one
   * digest per (possibly virtual) thread.
   */
  private static final MessageDigest PROTOTYPE = lookUpDigest();

  private static final boolean PROTOTYPE_CLONEABLE = isCloneable(PROTOTYPE);

  /** MTH({}) = SHA-256 of the empty string (RFC 6962 §2.1). */
  private static final Sha256Hash EMPTY_ROOT = new Sha256Hash(newDigest().digest());

  private MerkleHashing() {}

  /** Returns the RFC 6962 leaf hash {@code SHA-256(0x00 || leafData)}. */
  public static Sha256Hash leafHash(byte[] leafData) {
    Objects.requireNonNull(leafData, "leafData must not be null");
    MessageDigest digest = newDigest();
    digest.update(LEAF_PREFIX);
    digest.update(leafData);
    return new Sha256Hash(digest.digest());
  }

  /** Returns the RFC 6962 interior node hash {@code SHA-256(0x01 || left || right)}. */
  public static Sha256Hash nodeHash(Sha256Hash left, Sha256Hash right) {
    Objects.requireNonNull(left, "left must not be null");
    Objects.requireNonNull(right, "right must not be null");
    return nodeHash(newDigest(), left, right);
  }

  /** Returns MTH({}), the root of an empty tree: SHA-256 of the empty string. */
  public static Sha256Hash emptyRoot() {
    return EMPTY_ROOT;
  }

  /** Returns a fresh SHA-256 digest owned by the caller; not to be shared across threads. */
  static MessageDigest newDigest() {
    if (PROTOTYPE_CLONEABLE) {
      try {
        return (MessageDigest) PROTOTYPE.clone();
      } catch (CloneNotSupportedException e) {
        // isCloneable() probed this at class init; fall through to a fresh lookup regardless.
      }
    }
    return lookUpDigest();
  }

  /** Node hash using a caller-owned digest, so bulk builders avoid one clone per node. */
  static Sha256Hash nodeHash(MessageDigest digest, Sha256Hash left, Sha256Hash right) {
    digest.update(NODE_PREFIX);
    left.updateDigest(digest);
    right.updateDigest(digest);
    return new Sha256Hash(digest.digest());
  }

  /**
   * Writes the node hash of two adjacent 32-byte children, starting at {@code childOffset} in
   * {@code children}, into {@code target} at {@code targetOffset}.
   *
   * <p>Lets the tree keep each level as one byte array instead of millions of small objects.
   */
  static void nodeHashInto(
      MessageDigest digest, byte[] children, int childOffset, byte[] target, int targetOffset) {
    digest.update(NODE_PREFIX);
    digest.update(children, childOffset, 2 * Sha256Hash.LENGTH);
    finishInto(digest, target, targetOffset);
  }

  /** Completes {@code digest} into {@code target} at {@code offset}. */
  static void finishInto(MessageDigest digest, byte[] target, int offset) {
    try {
      digest.digest(target, offset, Sha256Hash.LENGTH);
    } catch (DigestException e) {
      // Only thrown when the output buffer is too small, which the callers' layout rules out.
      throw new IllegalStateException(
          "digest output of " + Sha256Hash.LENGTH + " bytes did not fit at offset " + offset, e);
    }
  }

  private static MessageDigest lookUpDigest() {
    try {
      return MessageDigest.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE implementation must provide SHA-256, so this is a broken runtime.
      throw new IllegalStateException(ALGORITHM + " is required by the Java SE spec", e);
    }
  }

  private static boolean isCloneable(MessageDigest prototype) {
    try {
      prototype.clone();
      return true;
    } catch (CloneNotSupportedException e) {
      return false;
    }
  }
}
