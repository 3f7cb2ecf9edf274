package com.payflow.ledger.verification;

import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.ledger.system.VerificationProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Memo of Ed25519 verifications that succeeded, keyed by SHA-256 over (public key, signature,
 * header bytes). Verifying is a pure function of exactly those bytes, so a changed header,
 * signature or key misses and is verified again; only the ~1.5 ms of JDK Ed25519 per unchanged
 * block is saved (Bitcoin Core's signature cache works the same way).
 */
@Component
class VerifiedSignatures {

  private static final byte[] DOMAIN =
      "payflow/ledger/verified-signature/v1".getBytes(StandardCharsets.US_ASCII);

  private final int capacity;
  private final Set<Sha256Hash> verified = ConcurrentHashMap.newKeySet();

  VerifiedSignatures(VerificationProperties properties) {
    this.capacity = properties.signatureCacheEntries();
  }

  /** Whether {@code signature} over {@code message} verifies with {@code key}. */
  boolean verify(PublicKey key, byte[] message, byte[] signature) {
    Sha256Hash memo = memoKey(key, message, signature);
    if (verified.contains(memo)) {
      return true;
    }
    boolean valid = ChainSignatures.verify(key, message, signature);
    // Once full, keep what is there: a full scan longer than the memo would evict every entry
    // before its next use under LRU, so a stable prefix of the chain is the better half.
    if (valid && verified.size() < capacity) {
      verified.add(memo);
    }
    return valid;
  }

  private static Sha256Hash memoKey(PublicKey key, byte[] message, byte[] signature) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] raw = ChainSignatures.rawPublicKey(key);
      digest.update(DOMAIN);
      // Length prefixes keep (key, signature, message) unambiguous whatever was stored.
      for (byte[] part : new byte[][] {raw, signature, message}) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        digest.update(part);
      }
      return new Sha256Hash(digest.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required by the Java SE spec", impossible);
    }
  }
}
