package com.payflow.contracts.encoding;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalTransactionEncodingTest {

  private static final String GOLDEN_VECTORS = "/golden/canonical-v1.csv";

  /** 2026-01-01T00:00:00Z in microseconds since the epoch. */
  private static final long NEW_YEAR_2026_MICROS = 1_767_225_600_000_000L;

  private static final int MAX_STRING_BYTES = 0xFFFF;

  /** Number of fields of a {@link SealedTransaction}. */
  private static final int FIELD_COUNT = 10;

  /** One line of the golden file. */
  record GoldenVector(String name, String encodingHex, String leafHashHex) {}

  /** The fields as read back from the bytes with the documented layout. */
  record Decoded(
      int version,
      UUID txId,
      int shard,
      long shardSeq,
      String payer,
      String payee,
      long amount,
      String currency,
      String status,
      String reason,
      String reference,
      long decidedAtMicros) {}

  /** The transactions of the golden file, by name. Never change them; add new ones instead. */
  static Map<String, SealedTransaction> goldenTransactions() {
    return Map.of(
        "settled-ascii",
        new SealedTransaction(
            TxId.forPayment(new ClientId("alice"), "key-1"),
            0,
            1,
            new AccountId("acc-alice"),
            new AccountId("acc-bob"),
            Money.of(1250, "EUR"),
            "SETTLED",
            null,
            "invoice 42",
            NEW_YEAR_2026_MICROS),
        "rejected-with-reason",
        new SealedTransaction(
            TxId.parse("00112233-4455-8677-8899-aabbccddeeff"),
            3,
            42,
            new AccountId("merchant:7"),
            new AccountId("acc-alice"),
            Money.of(99, "JPY"),
            "REJECTED",
            "INSUFFICIENT_FUNDS",
            "",
            NEW_YEAR_2026_MICROS + 123_456),
        "settled-non-ascii-reference",
        // The reference mixes 1-, 2-, 3- and 4-byte UTF-8 characters (21 bytes, 13 chars).
        new SealedTransaction(
            TxId.forPayment(new ClientId("bob"), "ключ/β"),
            255,
            Long.MAX_VALUE,
            new AccountId("x.y_z-1"),
            new AccountId("acc-bob"),
            Money.of(Long.MAX_VALUE, "USD"),
            "SETTLED",
            null,
            "Café ☕ 日本 😀",
            1L));
  }

  static Stream<GoldenVector> goldenVectors() throws IOException {
    return readGoldenVectors().stream();
  }

  @Test
  void goldenFile_coversEveryGoldenTransaction() throws IOException {
    assertThat(readGoldenVectors())
        .extracting(GoldenVector::name)
        .containsExactlyInAnyOrderElementsOf(goldenTransactions().keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenVectors")
  void encode_matchesTheCheckedInBytesAndLeafHash(GoldenVector golden) {
    SealedTransaction tx = goldenTransactions().get(golden.name());

    byte[] encoded = CanonicalTransactionEncoding.encode(tx);

    assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(golden.encodingHex());
    assertThat(MerkleHashing.leafHash(encoded).hex()).isEqualTo(golden.leafHashHex());
  }

  @Test
  void encode_startsWithVersionByte1() {
    assertThat(CanonicalTransactionEncoding.VERSION).isEqualTo(1);
    for (SealedTransaction tx : goldenTransactions().values()) {
      assertThat(CanonicalTransactionEncoding.encode(tx)[0]).isEqualTo((byte) 1);
    }
  }

  @Test
  void encode_followsTheDocumentedLayout() {
    SealedTransaction rejected = goldenTransactions().get("rejected-with-reason");

    Decoded decoded = decode(CanonicalTransactionEncoding.encode(rejected));

    assertThat(decoded)
        .isEqualTo(
            new Decoded(
                1,
                UUID.fromString("00112233-4455-8677-8899-aabbccddeeff"),
                3,
                42,
                "merchant:7",
                "acc-alice",
                99,
                "JPY",
                "REJECTED",
                "INSUFFICIENT_FUNDS",
                "",
                1_767_225_600_123_456L));
  }

  @Test
  void encode_writesStringLengthsInUtf8Bytes() {
    SealedTransaction tx = goldenTransactions().get("settled-non-ascii-reference");

    Decoded decoded = decode(CanonicalTransactionEncoding.encode(tx));

    assertThat(decoded.reference()).isEqualTo("Café ☕ 日本 😀");
    assertThat(CanonicalTransactionEncoding.encode(tx))
        .hasSize(1 + 16 + 4 + 8 + (2 + 7) + (2 + 7) + 8 + 3 + (2 + 7) + 2 + (2 + 21) + 8);
  }

  @Test
  void encode_writesAnAbsentReasonAsTheEmptyString() {
    SealedTransaction withoutReason = goldenTransactions().get("settled-ascii");

    assertThat(CanonicalTransactionEncoding.encode(withReason(withoutReason, "")))
        .isEqualTo(CanonicalTransactionEncoding.encode(withoutReason));
    assertThat(decode(CanonicalTransactionEncoding.encode(withoutReason)).reason()).isEmpty();
  }

  @Test
  void encode_isDeterministic() {
    SealedTransaction tx = goldenTransactions().get("settled-ascii");

    assertThat(CanonicalTransactionEncoding.encode(tx))
        .isEqualTo(CanonicalTransactionEncoding.encode(tx));
  }

  static Stream<Arguments> singleFieldChanges() {
    SealedTransaction base = goldenTransactions().get("settled-ascii");
    // Differs from settled-ascii in every field.
    SealedTransaction other =
        new SealedTransaction(
            TxId.forPayment(new ClientId("alice"), "key-2"),
            1,
            2,
            new AccountId("acc-carol"),
            new AccountId("acc-dave"),
            Money.of(1251, "EUR"),
            "REJECTED",
            "ACCOUNT_CLOSED",
            "invoice 43",
            NEW_YEAR_2026_MICROS + 1);
    List<String> fields =
        List.of(
            "txId",
            "shard",
            "shardSeq",
            "payer",
            "payee",
            "amount",
            "status",
            "reason",
            "reference",
            "decidedAtMicros");
    Stream<Arguments> eachField =
        IntStream.range(0, FIELD_COUNT)
            .mapToObj(field -> Arguments.of(fields.get(field), mix(base, other, 1 << field)));
    Stream<Arguments> subtleChanges =
        Stream.of(
            Arguments.of(
                "currency only",
                new SealedTransaction(
                    base.txId(),
                    0,
                    1,
                    base.payer(),
                    base.payee(),
                    Money.of(1250, "USD"),
                    "SETTLED",
                    null,
                    "invoice 42",
                    NEW_YEAR_2026_MICROS)),
            Arguments.of("reference case", withReference(base, "Invoice 42")),
            Arguments.of("reference trailing space", withReference(base, "invoice 42 ")),
            Arguments.of(
                "status-reason boundary",
                new SealedTransaction(
                    base.txId(),
                    0,
                    1,
                    base.payer(),
                    base.payee(),
                    base.amount(),
                    "SETTLE",
                    "D",
                    "invoice 42",
                    NEW_YEAR_2026_MICROS)));
    return Stream.concat(eachField, subtleChanges);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleFieldChanges")
  void encode_changesWhenAnySingleFieldChanges(String field, SealedTransaction changed) {
    SealedTransaction original = goldenTransactions().get("settled-ascii");

    assertThat(changed).isNotEqualTo(original);
    assertThat(CanonicalTransactionEncoding.encode(changed))
        .isNotEqualTo(CanonicalTransactionEncoding.encode(original));
    assertThat(MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(changed)))
        .isNotEqualTo(MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(original)));
  }

  @Test
  void encode_doesNotConfuseAdjacentStringFields() {
    SealedTransaction base = goldenTransactions().get("settled-ascii");
    SealedTransaction ab =
        new SealedTransaction(
            base.txId(),
            0,
            1,
            new AccountId("ab"),
            new AccountId("c"),
            base.amount(),
            "S",
            "R",
            "x",
            1);
    SealedTransaction bc =
        new SealedTransaction(
            base.txId(),
            0,
            1,
            new AccountId("a"),
            new AccountId("bc"),
            base.amount(),
            "S",
            "R",
            "x",
            1);
    SealedTransaction statusReason =
        new SealedTransaction(
            base.txId(),
            0,
            1,
            new AccountId("a"),
            new AccountId("bc"),
            base.amount(),
            "SR",
            "",
            "x",
            1);
    SealedTransaction reasonReference =
        new SealedTransaction(
            base.txId(),
            0,
            1,
            new AccountId("a"),
            new AccountId("bc"),
            base.amount(),
            "S",
            "",
            "Rx",
            1);

    assertThat(
            Stream.of(ab, bc, statusReason, reasonReference)
                .map(CanonicalTransactionEncoding::encode)
                .map(HexFormat.of()::formatHex)
                .distinct())
        .hasSize(4);
  }

  @Property
  void encode_isInjectiveOverPairsOfTransactions(
      @ForAll("transactionPairs") List<SealedTransaction> pair) {
    SealedTransaction first = pair.get(0);
    SealedTransaction second = pair.get(1);
    // By design an absent reason is written as "", so null and "" count as the same value.
    boolean sameTransaction =
        withReason(first, reasonOrEmpty(first)).equals(withReason(second, reasonOrEmpty(second)));

    byte[] firstBytes = CanonicalTransactionEncoding.encode(first);
    byte[] secondBytes = CanonicalTransactionEncoding.encode(second);

    assertThat(Arrays.equals(firstBytes, secondBytes))
        .as("%s vs %s", first, second)
        .isEqualTo(sameTransaction);
    Statistics.label("same transaction").collect(sameTransaction);
    Statistics.label("same transaction")
        .coverage(
            coverage -> {
              coverage.check(true).count(count -> count > 0);
              coverage.check(false).count(count -> count > 0);
            });
  }

  @Property
  void encode_isReadBackFieldByFieldWithTheDocumentedLayout(
      @ForAll("transactions") SealedTransaction tx) {
    Decoded decoded = decode(CanonicalTransactionEncoding.encode(tx));

    assertThat(decoded)
        .isEqualTo(
            new Decoded(
                1,
                tx.txId().value(),
                tx.shard(),
                tx.shardSeq(),
                tx.payer().value(),
                tx.payee().value(),
                tx.amount().value(),
                tx.amount().currencyCode(),
                tx.status(),
                reasonOrEmpty(tx),
                tx.reference(),
                tx.decidedAtMicros()));
  }

  @Test
  void encode_acceptsStringsOfExactly65535Utf8Bytes() {
    SealedTransaction base = goldenTransactions().get("settled-ascii");
    String ascii = "a".repeat(MAX_STRING_BYTES);
    String euros = "€".repeat(MAX_STRING_BYTES / 3);

    assertThat(decode(CanonicalTransactionEncoding.encode(withReference(base, ascii))).reference())
        .isEqualTo(ascii);
    assertThat(decode(CanonicalTransactionEncoding.encode(withReference(base, euros))).reference())
        .isEqualTo(euros);
  }

  @Test
  void encode_rejectsAStringOver65535Utf8Bytes() {
    SealedTransaction base = goldenTransactions().get("settled-ascii");
    String tooLongAscii = "a".repeat(MAX_STRING_BYTES + 1);
    // 21,846 characters, but 65,538 UTF-8 bytes: the limit is on bytes, not characters.
    String tooLongInBytes = "€".repeat(MAX_STRING_BYTES / 3 + 1);

    assertRejected(() -> CanonicalTransactionEncoding.encode(withReference(base, tooLongAscii)));
    assertRejected(() -> CanonicalTransactionEncoding.encode(withReference(base, tooLongInBytes)));
    assertRejected(() -> CanonicalTransactionEncoding.encode(withReason(base, tooLongAscii)));
    assertRejected(
        () ->
            CanonicalTransactionEncoding.encode(
                new SealedTransaction(
                    base.txId(),
                    base.shard(),
                    base.shardSeq(),
                    base.payer(),
                    base.payee(),
                    base.amount(),
                    tooLongAscii,
                    base.reason(),
                    base.reference(),
                    base.decidedAtMicros())));
  }

  @Test
  void sealedTransaction_rejectsNegativeShardAndSequenceBelowOne() {
    SealedTransaction base = goldenTransactions().get("settled-ascii");

    assertThatThrownBy(
            () ->
                new SealedTransaction(
                    base.txId(),
                    -1,
                    1,
                    base.payer(),
                    base.payee(),
                    base.amount(),
                    base.status(),
                    null,
                    "",
                    0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new SealedTransaction(
                    base.txId(),
                    0,
                    0,
                    base.payer(),
                    base.payee(),
                    base.amount(),
                    base.status(),
                    null,
                    "",
                    0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sealedTransaction_rejectsMissingRequiredFields() {
    SealedTransaction base = goldenTransactions().get("settled-ascii");

    assertThatThrownBy(
            () ->
                new SealedTransaction(
                    null,
                    0,
                    1,
                    base.payer(),
                    base.payee(),
                    base.amount(),
                    base.status(),
                    null,
                    "",
                    0))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                new SealedTransaction(
                    base.txId(),
                    0,
                    1,
                    base.payer(),
                    base.payee(),
                    base.amount(),
                    null,
                    null,
                    "",
                    0))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                new SealedTransaction(
                    base.txId(),
                    0,
                    1,
                    base.payer(),
                    base.payee(),
                    base.amount(),
                    base.status(),
                    null,
                    null,
                    0))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- generators -------------------------------------------------------------------------

  /** The first six fields, combined separately because jqwik combines at most eight. */
  record Head(
      TxId txId, int shard, long shardSeq, AccountId payer, AccountId payee, Money amount) {}

  /** The last four fields. */
  record Tail(String status, String reason, String reference, long decidedAtMicros) {}

  @Provide
  Arbitrary<SealedTransaction> transactions() {
    return Combinators.combine(heads(), tails()).as(CanonicalTransactionEncodingTest::join);
  }

  /**
   * Pairs of transactions, half of them {@link #mixedPairs}, half {@link #boundaryShiftedPairs}.
   */
  @Provide
  Arbitrary<List<SealedTransaction>> transactionPairs() {
    return Arbitraries.oneOf(mixedPairs(), boundaryShiftedPairs());
  }

  /**
   * Pairs whose second member takes each field from the first or from another transaction at
   * random. Small alphabets make equal fields frequent.
   */
  private Arbitrary<List<SealedTransaction>> mixedPairs() {
    // One pair in ten is the same transaction twice (no field taken from the other).
    Arbitrary<Integer> fieldsFromOther =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0)),
            Tuple.of(9, Arbitraries.integers().between(1, (1 << FIELD_COUNT) - 1)));
    return Combinators.combine(transactions(), transactions(), fieldsFromOther)
        .as((first, other, fromOther) -> List.of(first, mix(first, other, fromOther)));
  }

  /**
   * Pairs equal but for where the same text is split between two adjacent string fields (payer "ab"
   * + payee "c" vs "a" + "bc"): what a missing or wrong length prefix cannot tell apart.
   */
  private Arbitrary<List<SealedTransaction>> boundaryShiftedPairs() {
    return Combinators.combine(
            transactions(),
            Arbitraries.integers().between(0, 2),
            Arbitraries.strings().withChars("ab:").ofMinLength(2).ofMaxLength(6),
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 6))
        .as(
            (tx, fieldPair, text, firstCut, secondCut) ->
                List.of(
                    split(tx, fieldPair, text, firstCut), split(tx, fieldPair, text, secondCut)));
  }

  private static Arbitrary<Head> heads() {
    Arbitrary<TxId> txIds =
        Arbitraries.of(
            TxId.parse("00000000-0000-8000-8000-000000000000"),
            TxId.parse("00000000-0000-8000-8000-000000000001"),
            TxId.forPayment(new ClientId("alice"), "key-1"));
    Arbitrary<Integer> shards = Arbitraries.of(0, 1, 255, Integer.MAX_VALUE);
    Arbitrary<Long> sequences = Arbitraries.of(1L, 2L, 256L, Long.MAX_VALUE);
    Arbitrary<AccountId> accounts =
        Arbitraries.strings().withChars("ab:").ofMinLength(1).ofMaxLength(3).map(AccountId::new);
    Arbitrary<Money> amounts =
        Combinators.combine(
                Arbitraries.of(1L, 2L, 256L, Long.MAX_VALUE), Arbitraries.of("EUR", "USD", "JPY"))
            .as(Money::of);
    return Combinators.combine(txIds, shards, sequences, accounts, accounts, amounts).as(Head::new);
  }

  private static Arbitrary<Tail> tails() {
    Arbitrary<String> strings = Arbitraries.strings().withChars("ab€é").ofMaxLength(3);
    Arbitrary<Long> micros = Arbitraries.of(0L, 1L, -1L, 256L, Long.MIN_VALUE, Long.MAX_VALUE);
    return Combinators.combine(strings, strings.injectNull(0.3), strings, micros).as(Tail::new);
  }

  private static SealedTransaction join(Head head, Tail tail) {
    return new SealedTransaction(
        head.txId(),
        head.shard(),
        head.shardSeq(),
        head.payer(),
        head.payee(),
        head.amount(),
        tail.status(),
        tail.reason(),
        tail.reference(),
        tail.decidedAtMicros());
  }

  private static SealedTransaction mix(
      SealedTransaction first, SealedTransaction other, int fromOther) {
    return new SealedTransaction(
        pick(fromOther, 0, first.txId(), other.txId()),
        pick(fromOther, 1, first.shard(), other.shard()),
        pick(fromOther, 2, first.shardSeq(), other.shardSeq()),
        pick(fromOther, 3, first.payer(), other.payer()),
        pick(fromOther, 4, first.payee(), other.payee()),
        pick(fromOther, 5, first.amount(), other.amount()),
        pick(fromOther, 6, first.status(), other.status()),
        pick(fromOther, 7, first.reason(), other.reason()),
        pick(fromOther, 8, first.reference(), other.reference()),
        pick(fromOther, 9, first.decidedAtMicros(), other.decidedAtMicros()));
  }

  /** {@code tx} with {@code text} split at {@code cut} over adjacent fields no. 0, 1 or 2. */
  private static SealedTransaction split(
      SealedTransaction tx, int fieldPair, String text, int cut) {
    return switch (fieldPair) {
      case 0 -> { // payer | payee: account ids are never empty
        int at = 1 + cut % (text.length() - 1);
        yield new SealedTransaction(
            tx.txId(),
            tx.shard(),
            tx.shardSeq(),
            new AccountId(text.substring(0, at)),
            new AccountId(text.substring(at)),
            tx.amount(),
            tx.status(),
            tx.reason(),
            tx.reference(),
            tx.decidedAtMicros());
      }
      case 1 -> { // status | reason
        int at = cut % (text.length() + 1);
        yield new SealedTransaction(
            tx.txId(),
            tx.shard(),
            tx.shardSeq(),
            tx.payer(),
            tx.payee(),
            tx.amount(),
            text.substring(0, at),
            text.substring(at),
            tx.reference(),
            tx.decidedAtMicros());
      }
      default -> { // reason | reference
        int at = cut % (text.length() + 1);
        yield new SealedTransaction(
            tx.txId(),
            tx.shard(),
            tx.shardSeq(),
            tx.payer(),
            tx.payee(),
            tx.amount(),
            tx.status(),
            text.substring(0, at),
            text.substring(at),
            tx.decidedAtMicros());
      }
    };
  }

  private static <T> T pick(int fromOther, int field, T first, T other) {
    return (fromOther >> field & 1) == 0 ? first : other;
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static SealedTransaction withReason(SealedTransaction tx, String reason) {
    return new SealedTransaction(
        tx.txId(),
        tx.shard(),
        tx.shardSeq(),
        tx.payer(),
        tx.payee(),
        tx.amount(),
        tx.status(),
        reason,
        tx.reference(),
        tx.decidedAtMicros());
  }

  private static SealedTransaction withReference(SealedTransaction tx, String reference) {
    return new SealedTransaction(
        tx.txId(),
        tx.shard(),
        tx.shardSeq(),
        tx.payer(),
        tx.payee(),
        tx.amount(),
        tx.status(),
        tx.reason(),
        reference,
        tx.decidedAtMicros());
  }

  private static String reasonOrEmpty(SealedTransaction tx) {
    return tx.reason() == null ? "" : tx.reason();
  }

  private static void assertRejected(Executable encode) {
    assertThatThrownBy(encode::execute)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65535 bytes");
  }

  /** An independent reader of the layout in the CanonicalTransactionEncoding Javadoc. */
  private static Decoded decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Decoded decoded =
        new Decoded(
            in.get(),
            new UUID(in.getLong(), in.getLong()),
            in.getInt(),
            in.getLong(),
            string(in),
            string(in),
            in.getLong(),
            ascii(in, 3),
            string(in),
            string(in),
            string(in),
            in.getLong());
    assertThat(in.hasRemaining()).as("trailing bytes").isFalse();
    return decoded;
  }

  private static String string(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    byte[] utf8 = new byte[length];
    in.get(utf8);
    return new String(utf8, UTF_8);
  }

  private static String ascii(ByteBuffer in, int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, US_ASCII);
  }

  private static List<GoldenVector> readGoldenVectors() throws IOException {
    try (InputStream in =
        CanonicalTransactionEncodingTest.class.getResourceAsStream(GOLDEN_VECTORS)) {
      assertThat(in).as(GOLDEN_VECTORS).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8));
      return reader
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .skip(1) // header
          .map(line -> line.split(",", -1))
          .map(fields -> new GoldenVector(fields[0], fields[1], fields[2]))
          .toList();
    }
  }
}
