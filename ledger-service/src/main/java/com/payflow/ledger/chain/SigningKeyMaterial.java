package com.payflow.ledger.chain;

import com.payflow.contracts.chain.ChainSignatures;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 key pair from its 32-byte private seed (RFC 8032). The JDK has no public API to derive
 * the public key from a private one, so the pair is regenerated from the seed by feeding it to the
 * JDK generator as its only randomness, which is exactly how the generator derives it.
 */
final class SigningKeyMaterial {

  static final int SEED_LENGTH = 32;

  private SigningKeyMaterial() {}

  /** A fresh random seed. */
  static byte[] newSeed() {
    byte[] seed = new byte[SEED_LENGTH];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  /** Parses base64 of either the raw 32-byte seed or a PKCS#8 Ed25519 private key. */
  static byte[] seedFromBase64(String base64) {
    byte[] decoded = Base64.getDecoder().decode(base64.strip());
    if (decoded.length == SEED_LENGTH) {
      return decoded;
    }
    try {
      var key =
          KeyFactory.getInstance(ChainSignatures.ALGORITHM)
              .generatePrivate(new PKCS8EncodedKeySpec(decoded));
      return ((EdECPrivateKey) key).getBytes().orElseThrow();
    } catch (GeneralSecurityException | ClassCastException failed) {
      throw new IllegalArgumentException(
          "payflow.ledger.signing.private-key is neither a base64"
              + " 32-byte Ed25519 seed nor a base64 PKCS#8 Ed25519 key",
          failed);
    }
  }

  /** The key pair of {@code seed}. */
  static KeyPair pairOf(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 seed has " + SEED_LENGTH + " bytes");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ChainSignatures.ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
      KeyPair pair = generator.generateKeyPair();
      byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      if (!Arrays.equals(derived, seed)) {
        throw new IllegalStateException("JDK Ed25519 generator did not use the given seed");
      }
      return pair;
    } catch (GeneralSecurityException failed) {
      throw new IllegalStateException("Ed25519 is required (JDK 15+)", failed);
    }
  }

  /** Randomness that yields the seed once: the generator draws exactly 32 bytes. */
  private static final class FixedSeed extends SecureRandom {
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("expected a request for " + seed.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }
}
