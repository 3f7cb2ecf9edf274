package com.payflow.ledger.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the Ed25519 block signing key comes from: {@code privateKey} (base64 PKCS#8, e.g. from a
 * secret store) wins; otherwise {@code keyFile}, generated on first run when {@code
 * generateIfMissing} (local use only).
 */
@ConfigurationProperties("payflow.ledger.signing")
public record SigningProperties(String privateKey, String keyFile, boolean generateIfMissing) {

  /** Validates that a key can be found. */
  public SigningProperties {
    boolean hasKey = privateKey != null && !privateKey.isBlank();
    boolean hasFile = keyFile != null && !keyFile.isBlank();
    if (!hasKey && !hasFile) {
      throw new IllegalArgumentException(
          "set payflow.ledger.signing.private-key or " + "payflow.ledger.signing.key-file");
    }
  }

  /** True when the key is given inline. */
  public boolean hasInlineKey() {
    return privateKey != null && !privateKey.isBlank();
  }
}
