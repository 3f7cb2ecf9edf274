package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import com.payflow.gateway.system.ApiProblem;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentValidationTest {

  private static final PaymentRequest.Amount EUR_1250 = new PaymentRequest.Amount(1250L, "EUR");

  private static PaymentRequest valid() {
    return new PaymentRequest("acc-alice", "acc-bob", EUR_1250, "invoice 42");
  }

  @Test
  void validate_turnsAValidRequestIntoValueTypes() {
    PaymentValidation.ValidPayment payment = PaymentValidation.validate(valid());

    assertThat(payment)
        .isEqualTo(
            new PaymentValidation.ValidPayment(
                new AccountId("acc-alice"),
                new AccountId("acc-bob"),
                Money.of(1250, "EUR"),
                "invoice 42"));
  }

  @Test
  void validate_treatsAMissingReferenceAsEmpty() {
    PaymentRequest request = new PaymentRequest("acc-alice", "acc-bob", EUR_1250, null);

    assertThat(PaymentValidation.validate(request).reference()).isEmpty();
  }

  @Test
  void validate_acceptsAReferenceOf140CharactersIncludingNonAscii() {
    String reference = "é".repeat(140);
    PaymentRequest request = new PaymentRequest("acc-alice", "acc-bob", EUR_1250, reference);

    assertThat(PaymentValidation.validate(request).reference()).isEqualTo(reference);
  }

  @Test
  void validate_acceptsTheSmallestAndLargestAmounts() {
    assertThat(
            PaymentValidation.validate(
                    new PaymentRequest("a", "b", new PaymentRequest.Amount(1L, "JPY"), ""))
                .amount())
        .isEqualTo(Money.of(1, "JPY"));
    assertThat(
            PaymentValidation.validate(
                    new PaymentRequest(
                        "a", "b", new PaymentRequest.Amount(Long.MAX_VALUE, "USD"), ""))
                .amount()
                .value())
        .isEqualTo(Long.MAX_VALUE);
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        invalid("no body", null, "body"),
        invalid("missing payer", new PaymentRequest(null, "acc-bob", EUR_1250, ""), "payer"),
        invalid("empty payer", new PaymentRequest("", "acc-bob", EUR_1250, ""), "payer"),
        invalid(
            "payer with a space",
            new PaymentRequest("acc alice", "acc-bob", EUR_1250, ""),
            "payer"),
        invalid(
            "payer of 65 characters",
            new PaymentRequest("a".repeat(65), "acc-bob", EUR_1250, ""),
            "payer"),
        invalid("missing payee", new PaymentRequest("acc-alice", null, EUR_1250, ""), "payee"),
        invalid(
            "non-ASCII payee", new PaymentRequest("acc-alice", "acc-bøb", EUR_1250, ""), "payee"),
        invalid(
            "payer equals payee",
            new PaymentRequest("acc-alice", "acc-alice", EUR_1250, ""),
            "payee"),
        invalid("missing amount", new PaymentRequest("acc-alice", "acc-bob", null, ""), "amount"),
        invalid("missing value", withAmount(null, "EUR"), "amount.value"),
        invalid("zero value", withAmount(0L, "EUR"), "amount.value"),
        invalid("negative value", withAmount(-1L, "EUR"), "amount.value"),
        invalid("most negative value", withAmount(Long.MIN_VALUE, "EUR"), "amount.value"),
        invalid("missing currency", withAmount(1250L, null), "amount.currency"),
        invalid("unknown currency", withAmount(1250L, "XYZ"), "amount.currency"),
        invalid("lower-case currency", withAmount(1250L, "eur"), "amount.currency"),
        invalid("currency without minor unit", withAmount(1250L, "XAU"), "amount.currency"),
        invalid("reference of 141 characters", withReference("r".repeat(141)), "reference"),
        invalid("reference with a BEL", withReference("invoice\u000742"), "reference"),
        invalid("reference with a newline", withReference("invoice\n42"), "reference"),
        invalid("reference with a NUL", withReference("invoice\u000042"), "reference"),
        invalid("reference with a unit separator", withReference("a\u001fb"), "reference"),
        invalid("reference with DEL", withReference("invoice\u007f"), "reference"),
        invalid("reference with a C1 control", withReference("invoice\u0085"), "reference"));
  }

  @ParameterizedTest(name = "{0} -> 422 {2}")
  @MethodSource("invalidRequests")
  void validate_answers422NamingTheField(String description, PaymentRequest request, String field) {
    ApiProblem problem =
        catchThrowableOfType(ApiProblem.class, () -> PaymentValidation.validate(request));

    assertThat(problem).as(description).isNotNull();
    assertThat(problem.status().value()).isEqualTo(422);
    assertThat(problem.kind()).isEqualTo("invalid-field");
    assertThat(problem.properties()).containsExactly(Map.entry("field", field));
    assertThat(problem.getMessage()).startsWith(field + ": ");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "   ", "\t"})
  void idempotencyKey_answers400WhenMissingOrBlank(String key) {
    ApiProblem problem =
        catchThrowableOfType(ApiProblem.class, () -> PaymentValidation.idempotencyKey(key));

    assertThat(problem).isNotNull();
    assertThat(problem.status().value()).isEqualTo(400);
    assertThat(problem.kind()).isEqualTo("missing-idempotency-key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"clé-1", "key 1", "key\t1", "key\u007f", "ключ", "key-😀", " key"})
  void idempotencyKey_answers400ForAnythingButVisibleAscii(String key) {
    assertInvalidKey(key);
  }

  @Test
  void idempotencyKey_answers400ForAKeyOf256Characters() {
    assertInvalidKey("k".repeat(PaymentValidation.MAX_IDEMPOTENCY_KEY_LENGTH + 1));
  }

  @Test
  void idempotencyKey_acceptsUpTo255VisibleAsciiCharacters() {
    String longest = "k".repeat(PaymentValidation.MAX_IDEMPOTENCY_KEY_LENGTH);
    String everyVisible =
        new String(IntStream.rangeClosed(0x21, 0x7e).toArray(), 0, 0x7e - 0x21 + 1);

    assertThat(PaymentValidation.MAX_IDEMPOTENCY_KEY_LENGTH).isEqualTo(255);
    assertThat(PaymentValidation.idempotencyKey(longest)).isEqualTo(longest);
    assertThat(PaymentValidation.idempotencyKey(everyVisible)).isEqualTo(everyVisible);
    assertThat(PaymentValidation.idempotencyKey("k")).isEqualTo("k");
  }

  private static void assertInvalidKey(String key) {
    ApiProblem problem =
        catchThrowableOfType(ApiProblem.class, () -> PaymentValidation.idempotencyKey(key));

    assertThat(problem).as(key).isNotNull();
    assertThat(problem.status().value()).isEqualTo(400);
    assertThat(problem.kind()).isEqualTo("invalid-idempotency-key");
  }

  private static Arguments invalid(String description, PaymentRequest request, String field) {
    return Arguments.of(description, request, field);
  }

  private static PaymentRequest withAmount(Long value, String currency) {
    return new PaymentRequest(
        "acc-alice", "acc-bob", new PaymentRequest.Amount(value, currency), "");
  }

  private static PaymentRequest withReference(String reference) {
    return new PaymentRequest("acc-alice", "acc-bob", EUR_1250, reference);
  }
}
