package com.payflow.ledger.verification;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * Secret pseudo-random weights for one verification run: SHA-256 over a key drawn from {@link
 * SecureRandom} for this run only (never stored or logged), so whoever changed the books before the
 * run cannot have chosen changes whose weighted sums cancel. Weights are 61-bit and non-negative.
 * Not thread-safe: each thread of a run uses its own instance of the run's key.
 */
final class PostingWeights {

  /** Bytes of a run's key. */
  static final int KEY_BYTES = 16;

  private static final int DIGEST_BYTES = 32;

  /** 61 bits keep weight × (any difference of two 64-bit amounts) inside 128 bits. */
  private static final int DROPPED_BITS = Long.SIZE - 61;

  private static final byte ACCOUNT = 'A';
  private static final byte POSTING = 'P';

  private final byte[] key;
  private final MessageDigest sha256;
  private final byte[] digest = new byte[DIGEST_BYTES];
  private final byte[] weightBytes = new byte[Long.BYTES];
  private final Map<String, Long> accounts = new HashMap<>();
  private final int maxRemembered;

  /** A run's key: fresh from {@code random}, for this run only. */
  static byte[] newKey(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  /** The weights of {@code key}; account weights are remembered for {@code maxRemembered} ids. */
  PostingWeights(byte[] key, int maxRemembered) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a weights key has " + KEY_BYTES + " bytes, not " + key.length);
    }
    this.key = key.clone();
    this.maxRemembered = maxRemembered;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by the Java SE spec", impossible);
    }
  }

  /** The weight of account {@code id}. */
  long account(String id) {
    Long known = accounts.get(id);
    if (known != null) {
      return known;
    }
    sha256.update(key);
    sha256.update(ACCOUNT);
    sha256.update(id.getBytes(StandardCharsets.UTF_8));
    long weight = finish();
    // Beyond the bound a weight is recomputed each time: the same value, only slower.
    if (accounts.size() < maxRemembered) {
      accounts.put(id, weight);
    }
    return weight;
  }

  /**
   * The weight of the posting of transaction {@code txId} to the account of weight {@code
   * accountWeight} in {@code currency}: every (transaction, account, currency) gets its own, so a
   * posting moved to another transaction, account or currency changes the sums.
   */
  long posting(byte[] txId, long accountWeight, String currency) {
    sha256.update(key);
    sha256.update(POSTING);
    // tx_id is BINARY(16), the account weight 8 bytes: only the last field varies in length.
    sha256.update(txId);
    for (int i = 0; i < Long.BYTES; i++) {
      weightBytes[i] = (byte) (accountWeight >>> (Long.SIZE - Byte.SIZE * (i + 1)));
    }
    sha256.update(weightBytes);
    sha256.update(currency.getBytes(StandardCharsets.UTF_8));
    return finish();
  }

  private long finish() {
    try {
      sha256.digest(digest, 0, DIGEST_BYTES);
    } catch (DigestException impossible) {
      throw new IllegalStateException("the buffer holds a SHA-256 digest", impossible);
    }
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << Byte.SIZE) | (digest[i] & 0xff);
    }
    return value >>> DROPPED_BITS;
  }
}
