package com.payflow.ledger.verifier;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.merkle.Sha256Hash;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Map;

/** Header, signature and batch entry checks shared by proof and export verification. */
final class SignedHeaders {

  private static final HexFormat HEX = HexFormat.of();

  private final Map<String, PublicKey> pinnedKeys;

  SignedHeaders(Map<String, PublicKey> pinnedKeys) {
    this.pinnedKeys = Map.copyOf(pinnedKeys);
  }

  /** Decodes the hex header, checks its signature with a pinned key and, if given, its hash. */
  BlockHeader verify(String headerHex, String signatureHex, String expectedHashHex,
      String what) throws VerificationFailed {
    byte[] bytes = hex(headerHex, what + " header");
    BlockHeader header;
    try {
      header = BlockHeaderEncoding.decode(bytes);
    } catch (IllegalArgumentException malformed) {
      throw new VerificationFailed(what + ": header is malformed: " + malformed.getMessage());
    }
    Sha256Hash hash = BlockHeaderEncoding.blockHash(bytes);
    if (expectedHashHex != null && !hash.hex().equals(expectedHashHex)) {
      throw new VerificationFailed(what + ": block hash is not SHA-256 of the header");
    }
    PublicKey key = pinnedKeys.get(header.keyId());
    if (key == null) {
      throw new VerificationFailed(what + ": signed by key " + header.keyId()
          + ", which is not pinned (pinned: " + pinnedKeys.keySet() + ")");
    }
    if (!ChainSignatures.verify(key, bytes, hex(signatureHex, what + " signature"))) {
      throw new VerificationFailed(what + ": Ed25519 signature does not verify with "
          + header.keyId());
    }
    return header;
  }

  /** Parses canonical BatchEntry bytes. */
  static BatchEntry entry(String entryHex) throws VerificationFailed {
    try {
      return BatchEntry.decode(hex(entryHex, "batch entry"));
    } catch (IllegalArgumentException invalid) {
      throw new VerificationFailed(invalid.getMessage());
    }
  }

  static byte[] hex(String text, String what) throws VerificationFailed {
    if (text == null) {
      throw new VerificationFailed(what + " is missing");
    }
    try {
      return HEX.parseHex(text);
    } catch (IllegalArgumentException bad) {
      throw new VerificationFailed(what + " is not hex");
    }
  }

  static Sha256Hash hash(String text, String what) throws VerificationFailed {
    byte[] bytes = hex(text, what);
    if (bytes.length != Sha256Hash.LENGTH) {
      throw new VerificationFailed(what + " is not a 32-byte hash");
    }
    return new Sha256Hash(bytes);
  }
}
