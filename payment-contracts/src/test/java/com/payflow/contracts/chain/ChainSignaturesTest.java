package com.payflow.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChainSignaturesTest {

  private static final HexFormat HEX = HexFormat.of();

  // RFC 8032 §7.1, TEST 1 (empty message).
  private static final String RFC_SECRET =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String RFC_PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String RFC_SIGNATURE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
          + "1cf9b46bd25bf5f0595bbe24655141438e7a100b";

  @Test
  void rfc8032Vector_signsAndVerifies() throws Exception {
    PrivateKey secret =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(
                new EdECPrivateKeySpec(NamedParameterSpec.ED25519, HEX.parseHex(RFC_SECRET)));
    PublicKey key = ChainSignatures.publicKeyFromRaw(HEX.parseHex(RFC_PUBLIC));

    assertThat(HEX.formatHex(ChainSignatures.sign(secret, new byte[0]))).isEqualTo(RFC_SIGNATURE);
    assertThat(ChainSignatures.verify(key, new byte[0], HEX.parseHex(RFC_SIGNATURE))).isTrue();
    assertThat(HEX.formatHex(ChainSignatures.rawPublicKey(key))).isEqualTo(RFC_PUBLIC);
  }

  @Test
  void keyId_isPrefixPlusSixteenHexDigitsOfSha256OfRawKey() {
    PublicKey key = ChainSignatures.publicKeyFromRaw(HEX.parseHex(RFC_PUBLIC));
    // sha256(d75a98...511a) starts with these 8 bytes (computed independently with sha256sum).
    assertThat(ChainSignatures.keyId(key)).isEqualTo("ed25519:" + KEY_ID_HEX);
  }

  static final String KEY_ID_HEX = "21fe31dfa154a261";

  @Test
  void anyFlippedBit_failsVerification() throws Exception {
    var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] message = "header bytes".getBytes();
    byte[] signature = ChainSignatures.sign(pair.getPrivate(), message);
    for (int bit = 0; bit < signature.length * 8; bit++) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(ChainSignatures.verify(pair.getPublic(), message, flipped)).isFalse();
    }
    for (int bit = 0; bit < message.length * 8; bit++) {
      byte[] flipped = message.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(ChainSignatures.verify(pair.getPublic(), flipped, signature)).isFalse();
    }
    assertThat(ChainSignatures.verify(pair.getPublic(), message, new byte[3])).isFalse();
  }

  @Test
  void otherKey_failsVerification() throws Exception {
    var signer = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] signature = ChainSignatures.sign(signer.getPrivate(), new byte[] {1});
    assertThat(ChainSignatures.verify(other.getPublic(), new byte[] {1}, signature)).isFalse();
  }

  @Test
  void rawKeyOfWrongLength_isRejected() {
    assertThatThrownBy(() -> ChainSignatures.publicKeyFromRaw(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
