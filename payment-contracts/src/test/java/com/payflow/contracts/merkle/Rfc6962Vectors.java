package com.payflow.contracts.merkle;

import java.util.HexFormat;
import java.util.List;

/**
 * Known-answer vectors from the RFC 6962 reference test data, as published in
 * transparency-dev/merkle {@code proof/verify_test.go} (originally certificate-transparency).
 *
 * <p>The Go file numbers leaves from 1 in its inclusion vectors ({@code {leaf, size, proof}} with
 * the index being {@code leaf - 1}); the indices below are zero-based. Every value was also
 * recomputed independently from the RFC 6962 §2.1 definitions before being recorded here.
 */
final class Rfc6962Vectors {

  /** An inclusion proof vector: zero-based leaf index, tree size, audit path (hex). */
  record InclusionVector(int leafIndex, int treeSize, List<String> path) {}

  /** A consistency proof vector: old size, new size, proof path (hex). */
  record ConsistencyVector(int oldSize, int newSize, List<String> path) {}

  /** The eight leaf inputs, hex encoded. */
  static final List<String> LEAF_DATA_HEX =
      List.of(
          "",
          "00",
          "10",
          "2021",
          "3031",
          "40414243",
          "5051525354555657",
          "606162636465666768696a6b6c6d6e6f");

  /** SHA-256(0x00 || leaf data) for each of the eight inputs. */
  static final List<String> LEAF_HASHES =
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
          "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
          "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
          "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1");

  /** MTH({}): SHA-256 of the empty string. */
  static final String EMPTY_ROOT =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** ROOTS.get(i) is MTH of the first i + 1 leaves. */
  static final List<String> ROOTS =
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  /** Inclusion proofs; the Go file's {@code {1, 1, nil}} is the size-1 empty-path case. */
  static final List<InclusionVector> INCLUSION_PROOFS =
      List.of(
          new InclusionVector(0, 1, List.of()),
          new InclusionVector(
              0,
              8,
              List.of(
                  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
          new InclusionVector(
              5,
              8,
              List.of(
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
          new InclusionVector(
              2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
          new InclusionVector(
              1,
              5,
              List.of(
                  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

  /** Consistency proofs, including the Go file's 6 to 7 vector. */
  static final List<ConsistencyVector> CONSISTENCY_PROOFS =
      List.of(
          new ConsistencyVector(1, 1, List.of()),
          new ConsistencyVector(
              1,
              8,
              List.of(
                  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
          new ConsistencyVector(
              6,
              8,
              List.of(
                  "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
          new ConsistencyVector(
              2,
              5,
              List.of(
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
          new ConsistencyVector(
              6,
              7,
              List.of(
                  "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                  "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

  private Rfc6962Vectors() {}

  /** Decodes the eight leaf inputs. */
  static List<byte[]> leafData() {
    return LEAF_DATA_HEX.stream().map(HexFormat.of()::parseHex).toList();
  }

  /** Leaf hashes of the first {@code count} inputs, computed by the code under test. */
  static List<Sha256Hash> hashedLeaves(int count) {
    return leafData().stream().limit(count).map(MerkleHashing::leafHash).toList();
  }

  /** Parses a list of hex hashes. */
  static List<Sha256Hash> hashes(List<String> hex) {
    return hex.stream().map(Sha256Hash::fromHex).toList();
  }

  /** MTH of the first {@code size} leaves, as published. */
  static Sha256Hash root(int size) {
    return size == 0 ? Sha256Hash.fromHex(EMPTY_ROOT) : Sha256Hash.fromHex(ROOTS.get(size - 1));
  }
}
