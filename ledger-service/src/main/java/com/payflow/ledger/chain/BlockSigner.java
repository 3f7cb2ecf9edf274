package com.payflow.ledger.chain;

import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.chain.LedgerKeyFile;
import com.payflow.ledger.system.SigningProperties;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The active Ed25519 block signing key (see docs/ledger.md, "Keys and rotation"). */
@Component
public class BlockSigner {

  private static final Logger log = LoggerFactory.getLogger(BlockSigner.class);
  private static final String SEED_PROPERTY = "ed25519-seed";

  private final KeyPair pair;
  private final String keyId;

  BlockSigner(SigningProperties properties) {
    byte[] seed =
        properties.hasInlineKey()
            ? SigningKeyMaterial.seedFromBase64(properties.privateKey())
            : seedFromFile(Path.of(properties.keyFile()), properties.generateIfMissing());
    this.pair = SigningKeyMaterial.pairOf(seed);
    this.keyId = ChainSignatures.keyId(pair.getPublic());
    log.info("block signing key {}", keyId);
  }

  /** Id of the active key, written into every header it signs. */
  public String keyId() {
    return keyId;
  }

  /** The active public key. */
  public PublicKey publicKey() {
    return pair.getPublic();
  }

  /** Ed25519 signature of canonical header bytes. */
  public byte[] sign(byte[] headerBytes) {
    return ChainSignatures.sign(pair.getPrivate(), headerBytes);
  }

  private static byte[] seedFromFile(Path file, boolean generateIfMissing) {
    if (Files.exists(file)) {
      Properties stored = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        stored.load(in);
      } catch (IOException failed) {
        throw new UncheckedIOException(
            "cannot read payflow.ledger.signing.key-file " + file, failed);
      }
      String seed = stored.getProperty(SEED_PROPERTY);
      if (seed == null) {
        throw new IllegalStateException(
            "payflow.ledger.signing.key-file " + file + " has no " + SEED_PROPERTY + " entry");
      }
      return SigningKeyMaterial.seedFromBase64(seed);
    }
    if (!generateIfMissing) {
      throw new IllegalStateException(
          "payflow.ledger.signing.key-file "
              + file
              + " does not "
              + "exist and payflow.ledger.signing.generate-if-missing is false");
    }
    byte[] seed = SigningKeyMaterial.newSeed();
    write(file, seed);
    log.warn("generated a new block signing key in {} (local use; see docs/ledger.md)", file);
    return seed;
  }

  private static void write(Path file, byte[] seed) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary =
          Files.createTempFile(
              parent,
              "ledger-key",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      PublicKey key = SigningKeyMaterial.pairOf(seed).getPublic();
      try (Writer out = Files.newBufferedWriter(temporary)) {
        out.write("# payflow ledger block signing key: SECRET, keep mode 600\n");
        out.write(LedgerKeyFile.KEY_ID_ENTRY + "=" + ChainSignatures.keyId(key) + "\n");
        out.write(
            LedgerKeyFile.PUBLIC_ENTRY
                + "="
                + Base64.getEncoder().encodeToString(ChainSignatures.rawPublicKey(key))
                + "\n");
        out.write(SEED_PROPERTY + "=" + Base64.getEncoder().encodeToString(seed) + "\n");
      }
      // Atomic rename: a crash never leaves a half-written key that a restart would trust.
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException failed) {
      throw new UncheckedIOException(
          "cannot write payflow.ledger.signing.key-file " + file, failed);
    }
  }
}
