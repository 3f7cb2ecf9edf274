package com.payflow.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.merkle.Sha256Hash;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden vectors computed independently (Python struct + hashlib), see docs/ledger.md. */
class BlockHeaderEncodingTest {

  private static final HexFormat HEX = HexFormat.of();

  static final BlockHeader GOLDEN_HEADER =
      new BlockHeader(
          1,
          2,
          filled(0x11),
          filled(0x22),
          10,
          filled(0x33),
          1_700_000_000_123_456L,
          3,
          7,
          "ed25519:21fe31dfa154a261");

  static final String GOLDEN_HEX =
      "5046424801"
          + "0000000000000002"
          + "1111111111111111111111111111111111111111111111111111111111111111"
          + "2222222222222222222222222222222222222222222222222222222222222222"
          + "000000000000000a"
          + "3333333333333333333333333333333333333333333333333333333333333333"
          + "00060a2418202240"
          + "00000003"
          + "00000007"
          + "18"
          + "656432353531393a32316665333164666131353461323631";

  static final String GOLDEN_HASH =
      "a00974f983f804a5e8741b08de1c778148509c15f594afcd727216f4772eda92";

  @Test
  void header_encodesToGoldenBytesAndHash() {
    byte[] bytes = BlockHeaderEncoding.encode(GOLDEN_HEADER);
    assertThat(HEX.formatHex(bytes)).isEqualTo(GOLDEN_HEX);
    assertThat(bytes).hasSize(BlockHeaderEncoding.FIXED_LENGTH + 24);
    assertThat(BlockHeaderEncoding.blockHash(bytes).hex()).isEqualTo(GOLDEN_HASH);
  }

  @Test
  void decode_roundTrips() {
    assertThat(BlockHeaderEncoding.decode(HEX.parseHex(GOLDEN_HEX))).isEqualTo(GOLDEN_HEADER);
  }

  @Test
  void decode_rejectsTrailingTruncatedAndForeignBytes() {
    byte[] bytes = HEX.parseHex(GOLDEN_HEX);
    assertThatThrownBy(() -> BlockHeaderEncoding.decode(Arrays.copyOf(bytes, bytes.length + 1)))
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> BlockHeaderEncoding.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .hasMessageContaining("truncated");
    byte[] foreign = bytes.clone();
    foreign[0] = 'X';
    assertThatThrownBy(() -> BlockHeaderEncoding.decode(foreign)).hasMessageContaining("magic");
  }

  @Test
  void everyFieldChangesTheHash() {
    Sha256Hash golden = BlockHeaderEncoding.blockHash(GOLDEN_HEADER);
    BlockHeader h = GOLDEN_HEADER;
    for (BlockHeader changed :
        new BlockHeader[] {
          new BlockHeader(
              1,
              3,
              h.previousHash(),
              h.batchRoot(),
              h.logSize(),
              h.logRoot(),
              h.timestampMicros(),
              h.batchCount(),
              h.txCount(),
              h.keyId()),
          new BlockHeader(
              1,
              2,
              filled(0x12),
              h.batchRoot(),
              h.logSize(),
              h.logRoot(),
              h.timestampMicros(),
              h.batchCount(),
              h.txCount(),
              h.keyId()),
          new BlockHeader(
              1,
              2,
              h.previousHash(),
              filled(0x23),
              h.logSize(),
              h.logRoot(),
              h.timestampMicros(),
              h.batchCount(),
              h.txCount(),
              h.keyId()),
          new BlockHeader(
              1,
              2,
              h.previousHash(),
              h.batchRoot(),
              11,
              h.logRoot(),
              h.timestampMicros(),
              h.batchCount(),
              h.txCount(),
              h.keyId()),
          new BlockHeader(
              1,
              2,
              h.previousHash(),
              h.batchRoot(),
              h.logSize(),
              filled(0x34),
              h.timestampMicros(),
              h.batchCount(),
              h.txCount(),
              h.keyId()),
          new BlockHeader(
              1,
              2,
              h.previousHash(),
              h.batchRoot(),
              h.logSize(),
              h.logRoot(),
              h.timestampMicros() + 1,
              h.batchCount(),
              h.txCount(),
              h.keyId()),
          new BlockHeader(
              1,
              2,
              h.previousHash(),
              h.batchRoot(),
              h.logSize(),
              h.logRoot(),
              h.timestampMicros(),
              4,
              h.txCount(),
              h.keyId()),
          new BlockHeader(
              1,
              2,
              h.previousHash(),
              h.batchRoot(),
              h.logSize(),
              h.logRoot(),
              h.timestampMicros(),
              h.batchCount(),
              8,
              h.keyId()),
          new BlockHeader(
              1,
              2,
              h.previousHash(),
              h.batchRoot(),
              h.logSize(),
              h.logRoot(),
              h.timestampMicros(),
              h.batchCount(),
              h.txCount(),
              "ed25519:0000000000000000")
        }) {
      assertThat(BlockHeaderEncoding.blockHash(changed)).isNotEqualTo(golden);
    }
  }

  @Test
  void header_rejectsBrokenInvariants() {
    assertThatThrownBy(
            () -> new BlockHeader(1, 1, filled(1), filled(2), 1, filled(3), 0, 1, 1, "k"))
        .hasMessageContaining("all-zero previous hash");
    assertThatThrownBy(
            () -> new BlockHeader(1, 2, filled(1), filled(2), 1, filled(3), 0, 1, 2, "k"))
        .hasMessageContaining("log size");
    assertThatThrownBy(
            () ->
                new BlockHeader(
                    1, 0, BlockHeader.NO_PREVIOUS, filled(2), 1, filled(3), 0, 1, 1, "k"))
        .hasMessageContaining("height");
  }

  @Test
  void batchEntry_encodesToGoldenBytesAndLeafHash() {
    BatchEntry entry = new BatchEntry(2, 5, 17, 20, filled(0x44));
    assertThat(HEX.formatHex(entry.encode()))
        .isEqualTo(
            "01"
                + "00000002"
                + "0000000000000005"
                + "0000000000000011"
                + "0000000000000014"
                + "44".repeat(32));
    assertThat(entry.leafHash().hex())
        .isEqualTo("86224567393157849b6b7a4dee9ae84898d4306534cc5fdae47ad3d19e7556f5");
    assertThat(entry.count()).isEqualTo(4);
  }

  @Test
  void batchEntry_decodesItsOwnBytes_andRefusesOtherLengthsVersionsAndRanges() {
    BatchEntry entry = new BatchEntry(2, 5, 17, 20, filled(0x44));
    assertThat(BatchEntry.decode(entry.encode())).isEqualTo(entry);

    byte[] shorter = Arrays.copyOf(entry.encode(), BatchEntry.LENGTH - 1);
    assertThatThrownBy(() -> BatchEntry.decode(shorter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes of version");
    byte[] version2 = entry.encode();
    version2[0] = 2;
    assertThatThrownBy(() -> BatchEntry.decode(version2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes of version");
    byte[] backwards = new BatchEntry(2, 5, 17, 17, filled(0x44)).encode();
    backwards[Integer.BYTES + 2 * Long.BYTES] =
        0x7f; // first sequence (low byte) 127, past the last (17)
    assertThatThrownBy(() -> BatchEntry.decode(backwards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid batch entry");
  }

  static Sha256Hash filled(int value) {
    byte[] bytes = new byte[Sha256Hash.LENGTH];
    Arrays.fill(bytes, (byte) value);
    return new Sha256Hash(bytes);
  }
}
