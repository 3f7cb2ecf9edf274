package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FingerprintsTest {

  /**
   * GOLDEN: SHA-256 of "acc-alice␟acc-bob␟1250␟EUR␟invoice 42" (␟ = U+001F), recomputed
   * independently with Python hashlib. Request fingerprints are stored in Redis idempotency
   * records; if the formula changes, a retry that reaches a newer gateway is answered 422
   * "Idempotency-Key reused with a different request" instead of replaying.
   */
  private static final String GOLDEN_REQUEST =
      "fbea8c1ccc76c3649f2b7e01d22dcc11c08886961c9fc58c6de3acb9f82e54fc";

  /** GOLDEN: SHA-256 of "key-1"; the hash is part of the Redis idempotency key name. */
  private static final String GOLDEN_KEY =
      "be2974546978e3739e6d6da85c4be9f334ce32df2b9fd4b6ff1b55c0d57e9d44";

  private static final PaymentValidation.ValidPayment PAYMENT =
      payment("acc-alice", "acc-bob", 1250, "EUR", "invoice 42");

  @Test
  void request_matchesTheGoldenFingerprint() {
    assertThat(Fingerprints.request(PAYMENT)).isEqualTo(GOLDEN_REQUEST);
  }

  @Test
  void key_matchesTheGoldenFingerprint() {
    assertThat(Fingerprints.key("key-1")).isEqualTo(GOLDEN_KEY);
  }

  @Test
  void request_isTheSameForTheSameNormalisedPayment() {
    PaymentRequest withoutReference =
        new PaymentRequest("acc-alice", "acc-bob", new PaymentRequest.Amount(1250L, "EUR"), null);
    PaymentRequest withEmptyReference =
        new PaymentRequest("acc-alice", "acc-bob", new PaymentRequest.Amount(1250L, "EUR"), "");

    assertThat(Fingerprints.request(payment("acc-alice", "acc-bob", 1250, "EUR", "invoice 42")))
        .isEqualTo(Fingerprints.request(PAYMENT));
    assertThat(Fingerprints.request(PaymentValidation.validate(withoutReference)))
        .isEqualTo(Fingerprints.request(PaymentValidation.validate(withEmptyReference)));
  }

  @Test
  void fingerprints_are64LowerCaseHexDigits() {
    assertThat(Fingerprints.request(PAYMENT)).matches("[0-9a-f]{64}");
    assertThat(Fingerprints.key("k".repeat(255))).matches("[0-9a-f]{64}");
  }

  static Stream<Arguments> singleFieldChanges() {
    return Stream.of(
        Arguments.of("payer", payment("acc-carol", "acc-bob", 1250, "EUR", "invoice 42")),
        Arguments.of("payee", payment("acc-alice", "acc-carol", 1250, "EUR", "invoice 42")),
        Arguments.of(
            "payer and payee swapped", payment("acc-bob", "acc-alice", 1250, "EUR", "invoice 42")),
        Arguments.of("value", payment("acc-alice", "acc-bob", 1251, "EUR", "invoice 42")),
        Arguments.of("value scale", payment("acc-alice", "acc-bob", 125, "EUR", "invoice 42")),
        Arguments.of("currency", payment("acc-alice", "acc-bob", 1250, "USD", "invoice 42")),
        Arguments.of("reference", payment("acc-alice", "acc-bob", 1250, "EUR", "invoice 43")),
        Arguments.of("reference case", payment("acc-alice", "acc-bob", 1250, "EUR", "Invoice 42")),
        Arguments.of("empty reference", payment("acc-alice", "acc-bob", 1250, "EUR", "")),
        Arguments.of(
            "payer-payee boundary", payment("acc-alicea", "cc-bob", 1250, "EUR", "invoice 42")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleFieldChanges")
  void request_changesWhenAnyFieldChanges(String field, PaymentValidation.ValidPayment changed) {
    assertThat(Fingerprints.request(changed)).isNotEqualTo(Fingerprints.request(PAYMENT));
  }

  @Test
  void key_differsForDifferentKeys() {
    assertThat(Fingerprints.key("key-1"))
        .isNotEqualTo(Fingerprints.key("key-2"))
        .isNotEqualTo(Fingerprints.key("KEY-1"));
  }

  @Property
  void request_isEqualExactlyForEqualPayments(
      @ForAll("paymentPairs") List<PaymentValidation.ValidPayment> pair) {
    PaymentValidation.ValidPayment first = pair.get(0);
    PaymentValidation.ValidPayment second = pair.get(1);

    assertThat(Fingerprints.request(first).equals(Fingerprints.request(second)))
        .as("%s vs %s", first, second)
        .isEqualTo(first.equals(second));
  }

  /** Independent pairs, and pairs that only move text across the payer|payee|value joins. */
  @Provide
  Arbitrary<List<PaymentValidation.ValidPayment>> paymentPairs() {
    return Arbitraries.oneOf(payments().list().ofSize(2), boundaryShiftedPairs());
  }

  /** Small alphabets, so equal payments are frequent. */
  private Arbitrary<PaymentValidation.ValidPayment> payments() {
    Arbitrary<String> accounts =
        Arbitraries.strings().withChars("ab1").ofMinLength(1).ofMaxLength(3);
    return Combinators.combine(
            accounts,
            accounts,
            Arbitraries.longs().between(1, 12),
            Arbitraries.of("EUR", "USD"),
            Arbitraries.strings().withChars("ab1 é").ofMaxLength(3))
        .filter((payer, payee, value, currency, reference) -> !payer.equals(payee))
        .as(FingerprintsTest::payment);
  }

  /**
   * Payments whose payer, payee and value digits concatenate to the same text, cut in two places
   * chosen at random ("a" "b1" 2 vs "ab" "1" 2 vs "a" "b" 12).
   */
  private Arbitrary<List<PaymentValidation.ValidPayment>> boundaryShiftedPairs() {
    return Combinators.combine(
            Arbitraries.strings().withChars("ab1").ofMinLength(2).ofMaxLength(5),
            Arbitraries.longs().between(1, 99),
            Arbitraries.integers().between(0, 20).list().ofSize(4))
        .as(
            (accounts, value, cuts) ->
                Arrays.asList(
                    shifted(accounts + value, cuts.get(0), cuts.get(1)),
                    shifted(accounts + value, cuts.get(2), cuts.get(3))))
        .filter(pair -> pair.stream().allMatch(Objects::nonNull));
  }

  /** Cuts {@code text} into payer, payee and digits, or null if that is no valid payment. */
  private static PaymentValidation.ValidPayment shifted(String text, int firstCut, int secondCut) {
    int payerEnd = 1 + firstCut % (text.length() - 1);
    int payeeEnd = payerEnd + 1 + secondCut % (text.length() - payerEnd);
    String payer = text.substring(0, payerEnd);
    String payee = text.substring(payerEnd, payeeEnd);
    String digits = text.substring(payeeEnd);
    if (payee.isEmpty() || payer.equals(payee) || !digits.matches("[1-9][0-9]{0,17}")) {
      return null;
    }
    return payment(payer, payee, Long.parseLong(digits), "EUR", "");
  }

  private static PaymentValidation.ValidPayment payment(
      String payer, String payee, long value, String currency, String reference) {
    return new PaymentValidation.ValidPayment(
        new AccountId(payer), new AccountId(payee), Money.of(value, currency), reference);
  }
}
