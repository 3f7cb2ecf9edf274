package com.payflow.contracts.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

class EventJsonTest {

  private static final TxId TX = TxId.parse("3cb7aa5f-4f59-84b9-a54a-687a4edc9797");
  private static final ClientId ALICE = new ClientId("alice");
  private static final AccountId PAYER = new AccountId("acc-alice");
  private static final AccountId PAYEE = new AccountId("acc-bob");
  private static final Money AMOUNT = Money.of(1250, "EUR");

  /** Nanosecond precision, to show that no precision is lost on the wire. */
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456789Z");

  private static final String ROOT_HEX =
      "9b6b74a85d568bbe37cac50f88c47c80ea91ada5502907d0e1c6cfae5b2c42f3";
  private static final Sha256Hash ROOT = Sha256Hash.fromWire(ROOT_HEX);

  static Stream<Object> events() {
    return Stream.of(
        new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, AMOUNT, "invoice 42 – café", AT),
        new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, AMOUNT, "", AT),
        new PaymentOutcome(TX, PaymentOutcome.Status.SETTLED, null, PAYER, PAYEE, AMOUNT, AT),
        new PaymentOutcome(
            TX,
            PaymentOutcome.Status.REJECTED,
            RejectionReason.INSUFFICIENT_FUNDS,
            PAYER,
            PAYEE,
            AMOUNT,
            AT),
        new PaymentOutcome(TX, PaymentOutcome.Status.CREDITED, null, PAYER, PAYEE, AMOUNT, AT),
        new CreditLegRequested(TX, PAYER, PAYEE, AMOUNT, 3),
        new BatchSealed(2, 7, 101, 164, ROOT, AT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void roundTrip_readsBackAnEqualEvent(Object event) {
    byte[] json = EventJson.write(event);

    assertThat(EventJson.read(json, event.getClass())).isEqualTo(event);
  }

  @Test
  void write_paymentSubmittedHasTheAgreedWireFormat() {
    PaymentSubmitted event =
        new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, AMOUNT, "invoice 42", AT);

    assertThat(new String(EventJson.write(event), UTF_8))
        .isEqualTo(
            "{"
                + "\"txId\":\"3cb7aa5f-4f59-84b9-a54a-687a4edc9797\",\"client\":\"alice\","
                + "\"payer\":\"acc-alice\",\"payee\":\"acc-bob\","
                + "\"amount\":{\"value\":1250,\"currency\":\"EUR\"},\"reference\":\"invoice 42\","
                + "\"submittedAt\":\"2026-01-02T03:04:05.123456789Z\"}");
  }

  @Test
  void write_batchSealedHasTheAgreedWireFormat() {
    BatchSealed event = new BatchSealed(2, 7, 101, 164, ROOT, AT);

    assertThat(new String(EventJson.write(event), UTF_8))
        .isEqualTo(
            "{\"shard\":2,"
                + "\"batchSeq\":7,\"firstSeq\":101,\"lastSeq\":164,\"merkleRoot\":\""
                + ROOT_HEX
                + "\","
                + "\"sealedAt\":\"2026-01-02T03:04:05.123456789Z\"}");
  }

  @Test
  void read_ignoresUnknownPropertiesAtTopLevelAndInsideValues() {
    String json =
        "{\"txId\":\"3cb7aa5f-4f59-84b9-a54a-687a4edc9797\",\"client\":\"alice\","
            + "\"schemaVersion\":2,\"payer\":\"acc-alice\",\"payee\":\"acc-bob\","
            + "\"amount\":{\"value\":1250,\"currency\":\"EUR\",\"display\":\"€12.50\"},"
            + "\"reference\":\"invoice 42\",\"submittedAt\":\"2026-01-02T03:04:05.123456789Z\","
            + "\"trace\":{\"spans\":[1,2,{\"x\":null}]}}";

    PaymentSubmitted read = EventJson.read(json.getBytes(UTF_8), PaymentSubmitted.class);

    assertThat(read)
        .isEqualTo(new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, AMOUNT, "invoice 42", AT));
  }

  @Test
  void read_treatsAMissingReferenceAsEmpty() {
    String json =
        "{\"txId\":\"3cb7aa5f-4f59-84b9-a54a-687a4edc9797\",\"client\":\"alice\","
            + "\"payer\":\"acc-alice\",\"payee\":\"acc-bob\","
            + "\"amount\":{\"value\":1250,\"currency\":\"EUR\"},"
            + "\"submittedAt\":\"2026-01-02T03:04:05.123456789Z\"}";

    assertThat(EventJson.read(json.getBytes(UTF_8), PaymentSubmitted.class).reference()).isEmpty();
  }

  @Test
  void read_takesAnOutcomeWrittenBeforeTheResubmissionFlagAsAFirstDecision() {
    String json =
        "{\"txId\":\"3cb7aa5f-4f59-84b9-a54a-687a4edc9797\",\"status\":\"SETTLED\","
            + "\"payer\":\"acc-alice\",\"payee\":\"acc-bob\","
            + "\"amount\":{\"value\":1250,\"currency\":\"EUR\"},"
            + "\"decidedAt\":\"2026-01-02T03:04:05.123456789Z\"}";

    assertThat(EventJson.read(json.getBytes(UTF_8), PaymentOutcome.class))
        .isEqualTo(
            new PaymentOutcome(TX, PaymentOutcome.Status.SETTLED, null, PAYER, PAYEE, AMOUNT, AT));
  }

  @Test
  void read_stillFailsOnAnAbsentNumber() {
    String json =
        "{\"batchSeq\":7,\"firstSeq\":101,\"lastSeq\":164,\"merkleRoot\":\""
            + ROOT_HEX
            + "\",\"sealedAt\":\"2026-01-02T03:04:05Z\"}";

    assertThatThrownBy(() -> EventJson.read(json.getBytes(UTF_8), BatchSealed.class))
        .isInstanceOf(JacksonException.class)
        .hasMessageContaining("shard");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[]", "{\"shard\":\"two\"}", "{\"shard\":1,}"})
  void read_throwsOnMalformedInput(String json) {
    assertThatThrownBy(() -> EventJson.read(json.getBytes(UTF_8), BatchSealed.class))
        .isInstanceOf(JacksonException.class);
  }

  @Test
  void read_enforcesTheRecordInvariants() {
    String payerIsPayee =
        "{\"txId\":\"3cb7aa5f-4f59-84b9-a54a-687a4edc9797\","
            + "\"client\":\"alice\",\"payer\":\"acc-alice\",\"payee\":\"acc-alice\","
            + "\"amount\":{\"value\":1250,\"currency\":\"EUR\"},"
            + "\"submittedAt\":\"2026-01-02T03:04:05Z\"}";
    String rejectedWithoutReason =
        "{\"txId\":\"3cb7aa5f-4f59-84b9-a54a-687a4edc9797\","
            + "\"status\":\"REJECTED\",\"payer\":\"acc-alice\",\"payee\":\"acc-bob\","
            + "\"amount\":{\"value\":1250,\"currency\":\"EUR\"},"
            + "\"decidedAt\":\"2026-01-02T03:04:05Z\"}";

    assertThatThrownBy(() -> EventJson.read(payerIsPayee.getBytes(UTF_8), PaymentSubmitted.class))
        .isInstanceOf(JacksonException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> EventJson.read(rejectedWithoutReason.getBytes(UTF_8), PaymentOutcome.class))
        .isInstanceOf(JacksonException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  // ---- PaymentOutcome ---------------------------------------------------------------------

  @Test
  void paymentOutcome_acceptsARejectionWithAReason() {
    PaymentOutcome outcome =
        new PaymentOutcome(
            TX,
            PaymentOutcome.Status.REJECTED,
            RejectionReason.PAYER_CLOSED,
            PAYER,
            PAYEE,
            AMOUNT,
            AT);

    assertThat(outcome.reason()).isEqualTo(RejectionReason.PAYER_CLOSED);
  }

  @Test
  void paymentOutcome_carriesTheReasonByName_andRefusesAnUnknownOne() {
    PaymentOutcome outcome =
        new PaymentOutcome(
            TX,
            PaymentOutcome.Status.REJECTED,
            RejectionReason.INSUFFICIENT_FUNDS,
            PAYER,
            PAYEE,
            AMOUNT,
            AT);
    String json = new String(EventJson.write(outcome), UTF_8);

    assertThat(json).contains("\"reason\":\"INSUFFICIENT_FUNDS\"");
    assertThatThrownBy(
            () ->
                EventJson.read(
                    json.replace("INSUFFICIENT_FUNDS", "NO_SUCH_REASON").getBytes(UTF_8),
                    PaymentOutcome.class))
        .isInstanceOf(JacksonException.class);
  }

  @Test
  void paymentOutcome_rejectsARejectionWithoutAReason() {
    assertThatThrownBy(
            () ->
                new PaymentOutcome(
                    TX, PaymentOutcome.Status.REJECTED, null, PAYER, PAYEE, AMOUNT, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason is required exactly for REJECTED");
  }

  @ParameterizedTest
  @EnumSource(
      value = PaymentOutcome.Status.class,
      names = "REJECTED",
      mode = EnumSource.Mode.EXCLUDE)
  void paymentOutcome_rejectsAReasonOnAnythingButARejection(PaymentOutcome.Status status) {
    assertThatThrownBy(
            () ->
                new PaymentOutcome(
                    TX, status, RejectionReason.INSUFFICIENT_FUNDS, PAYER, PAYEE, AMOUNT, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(status.name());
  }

  @ParameterizedTest
  @EnumSource(
      value = PaymentOutcome.Status.class,
      names = "REJECTED",
      mode = EnumSource.Mode.EXCLUDE)
  void paymentOutcome_acceptsNoReasonOnAnythingButARejection(PaymentOutcome.Status status) {
    assertThat(new PaymentOutcome(TX, status, null, PAYER, PAYEE, AMOUNT, AT).reason()).isNull();
  }

  @Test
  void paymentOutcome_rejectsMissingRequiredFields() {
    PaymentOutcome.Status settled = PaymentOutcome.Status.SETTLED;

    assertThatThrownBy(() -> new PaymentOutcome(null, settled, null, PAYER, PAYEE, AMOUNT, AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PaymentOutcome(TX, null, null, PAYER, PAYEE, AMOUNT, AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PaymentOutcome(TX, settled, null, PAYER, PAYEE, null, AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PaymentOutcome(TX, settled, null, PAYER, PAYEE, AMOUNT, null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- BatchSealed ------------------------------------------------------------------------

  @Test
  void batchSealed_countsTheTransactionsInItsRange() {
    assertThat(new BatchSealed(0, 1, 101, 164, ROOT, AT).count()).isEqualTo(64);
    assertThat(new BatchSealed(0, 1, 1, 1, ROOT, AT).count()).isEqualTo(1);
  }

  @Test
  void batchSealed_rejectsInvalidShardSequenceOrRange() {
    assertThatThrownBy(() -> new BatchSealed(-1, 1, 1, 1, ROOT, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard=-1");
    assertThatThrownBy(() -> new BatchSealed(0, 0, 1, 1, ROOT, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq=0");
    assertThatThrownBy(() -> new BatchSealed(0, 1, 0, 1, ROOT, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("range=0..1");
    assertThatThrownBy(() -> new BatchSealed(0, 1, 5, 4, ROOT, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("range=5..4");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "00",
        "9B6B74A85D568BBE37CAC50F88C47C80EA91ADA5502907D0E1C6CFAE5B2C42F3",
        "9b6b74a85d568bbe37cac50f88c47c80ea91ada5502907d0e1c6cfae5b2c42f",
        "9b6b74a85d568bbe37cac50f88c47c80ea91ada5502907d0e1c6cfae5b2c42f30",
        "9b6b74a85d568bbe37cac50f88c47c80ea91ada5502907d0e1c6cfae5b2c42fg",
        "9b6b74a85d568bbe37cac50f88c47c80ea91ada5502907d0e1c6cfae5b2c42f\n"
      })
  void batchSealed_rejectsARootThatIsNot64LowerCaseHexDigits(String root) {
    String json =
        "{\"shard\":0,\"batchSeq\":1,\"firstSeq\":1,\"lastSeq\":1,\"merkleRoot\":\""
            + root.replace("\n", "\\n")
            + "\",\"sealedAt\":\"2026-01-02T03:04:05Z\"}";
    assertThatThrownBy(() -> EventJson.read(json.getBytes(UTF_8), BatchSealed.class))
        .isInstanceOf(JacksonException.class)
        .hasMessageContaining("lower-case hex digits");
  }

  @Test
  void batchSealed_rejectsMissingRootOrTime() {
    assertThatThrownBy(() -> new BatchSealed(0, 1, 1, 1, null, AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new BatchSealed(0, 1, 1, 1, ROOT, null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- PaymentSubmitted -------------------------------------------------------------------

  @Test
  void paymentSubmitted_rejectsPayerEqualToPayee() {
    assertThatThrownBy(
            () ->
                new PaymentSubmitted(TX, ALICE, PAYER, new AccountId("acc-alice"), AMOUNT, "", AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payer and payee must differ");
  }

  @Test
  void paymentSubmitted_acceptsAReferenceOf140CharactersAndRejects141() {
    assertThat(
            new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, AMOUNT, "r".repeat(140), AT).reference())
        .hasSize(PaymentSubmitted.MAX_REFERENCE_LENGTH);
    assertThatThrownBy(
            () -> new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, AMOUNT, "r".repeat(141), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("140");
  }

  @Test
  void paymentSubmitted_turnsANullReferenceIntoTheEmptyString() {
    assertThat(new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, AMOUNT, null, AT).reference())
        .isEmpty();
  }

  @Test
  void paymentSubmitted_rejectsMissingRequiredFields() {
    assertThatThrownBy(() -> new PaymentSubmitted(null, ALICE, PAYER, PAYEE, AMOUNT, "", AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PaymentSubmitted(TX, null, PAYER, PAYEE, AMOUNT, "", AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PaymentSubmitted(TX, ALICE, null, PAYEE, AMOUNT, "", AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PaymentSubmitted(TX, ALICE, PAYER, null, AMOUNT, "", AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, null, "", AT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PaymentSubmitted(TX, ALICE, PAYER, PAYEE, AMOUNT, "", null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- CreditLegRequested -----------------------------------------------------------------

  @Test
  void creditLegRequested_rejectsANegativePayerShard() {
    assertThat(new CreditLegRequested(TX, PAYER, PAYEE, AMOUNT, 0).payerShard()).isZero();
    assertThatThrownBy(() -> new CreditLegRequested(TX, PAYER, PAYEE, AMOUNT, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payerShard");
  }
}
