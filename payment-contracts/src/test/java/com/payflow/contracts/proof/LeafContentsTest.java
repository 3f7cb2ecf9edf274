package com.payflow.contracts.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.util.Arrays;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/** The verifier's decoder of leaf bytes against the encoder that settlement hashes with. */
class LeafContentsTest {

  private static final SealedTransaction REJECTED =
      new SealedTransaction(
          TxId.forSystemTransfer("test", "leaf"),
          3,
          1610,
          new AccountId("alice-main"),
          new AccountId("bob-main"),
          new Money(1250, Currency.getInstance("EUR")),
          "REJECTED",
          "INSUFFICIENT_FUNDS",
          "ref é ✓",
          1_700_000_000_123_456L);

  @Test
  void decode_readsBackEveryFieldTheEncoderWrote() throws Exception {
    LeafContents leaf =
        LeafContents.decode(CanonicalTransactionEncoding.encode(REJECTED), "leaf.bytes");
    assertThat(leaf)
        .isEqualTo(
            new LeafContents(
                REJECTED.txId().value(),
                3,
                1610,
                "alice-main",
                "bob-main",
                1250,
                "EUR",
                "REJECTED",
                "INSUFFICIENT_FUNDS",
                "ref é ✓",
                1_700_000_000_123_456L));
    SealedTransaction settled =
        new SealedTransaction(
            REJECTED.txId(),
            0,
            1,
            REJECTED.payer(),
            REJECTED.payee(),
            REJECTED.amount(),
            "SETTLED",
            null,
            "",
            0);
    assertThat(
            LeafContents.decode(CanonicalTransactionEncoding.encode(settled), "leaf.bytes")
                .reason())
        .as("no reason is the empty string, as encoded")
        .isEmpty();
  }

  @Test
  void decode_refusesAnyByteMissingOrLeftOver_andAnotherVersion() {
    byte[] bytes = CanonicalTransactionEncoding.encode(REJECTED);
    assertThatThrownBy(
            () -> LeafContents.decode(Arrays.copyOf(bytes, bytes.length - 1), "leaf.bytes"))
        .isInstanceOf(ProofVerificationException.class)
        .hasMessageContaining("leaf.bytes")
        .hasMessageContaining("end before");
    assertThatThrownBy(
            () -> LeafContents.decode(Arrays.copyOf(bytes, bytes.length + 1), "leaf.bytes"))
        .hasMessageContaining("1 bytes after");
    byte[] version2 = bytes.clone();
    version2[0] = 2;
    assertThatThrownBy(() -> LeafContents.decode(version2, "leaf.bytes"))
        .hasMessageContaining("version byte 2");
  }
}
