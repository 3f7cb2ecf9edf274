package com.payflow.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.chain.ChainSignatures;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SigningKeyMaterialTest {

  @Test
  void rfc8032Seed_derivesTheRfcPublicKey() {
    byte[] seed =
        HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    var pair = SigningKeyMaterial.pairOf(seed);
    assertThat(HexFormat.of().formatHex(ChainSignatures.rawPublicKey(pair.getPublic())))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  }

  @Test
  void pkcs8AndRawSeed_giveTheSameKey() {
    byte[] seed = SigningKeyMaterial.newSeed();
    var pair = SigningKeyMaterial.pairOf(seed);
    String pkcs8 = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    assertThat(SigningKeyMaterial.seedFromBase64(pkcs8)).isEqualTo(seed);
    assertThat(SigningKeyMaterial.seedFromBase64(Base64.getEncoder().encodeToString(seed)))
        .isEqualTo(seed);
    byte[] signature = ChainSignatures.sign(pair.getPrivate(), new byte[] {7});
    assertThat(ChainSignatures.verify(pair.getPublic(), new byte[] {7}, signature)).isTrue();
  }
}
