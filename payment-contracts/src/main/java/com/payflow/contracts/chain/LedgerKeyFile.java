package com.payflow.contracts.chain;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Properties;

/**
 * The ledger's signing key file (written by ledger-service, {@code
 * payflow.ledger.signing.key-file}, a Java properties file, mode 600): the entry names every reader
 * and the writer share. Tools on the same machine read only its public entry, to pin the key
 * without asking the server for it.
 */
public final class LedgerKeyFile {

  /** The raw public key, base64. */
  public static final String PUBLIC_ENTRY = "ed25519-public";

  /** The key id ({@link ChainSignatures#keyId}). */
  public static final String KEY_ID_ENTRY = "key-id";

  private LedgerKeyFile() {}

  /** The public key in {@code file}. */
  public static PublicKey publicKey(Path file) throws IOException {
    Properties entries = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      entries.load(in);
    }
    String text = entries.getProperty(PUBLIC_ENTRY);
    if (text == null) {
      throw new IllegalArgumentException(file + " has no " + PUBLIC_ENTRY + " entry");
    }
    return ChainSignatures.publicKeyFromText(text);
  }
}
