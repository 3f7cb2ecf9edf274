package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.merkle.Rfc6962Vectors.ConsistencyVector;
import com.payflow.contracts.merkle.Rfc6962Vectors.InclusionVector;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks tree hashes and proofs against the RFC 6962 reference vectors. */
class Rfc6962GoldenVectorTest {

  private static final int VECTOR_LEAF_COUNT = Rfc6962Vectors.LEAF_DATA_HEX.size();

  static IntStream treeSizes() {
    return IntStream.rangeClosed(1, VECTOR_LEAF_COUNT);
  }

  static Stream<InclusionVector> inclusionVectors() {
    return Rfc6962Vectors.INCLUSION_PROOFS.stream();
  }

  static Stream<ConsistencyVector> consistencyVectors() {
    return Rfc6962Vectors.CONSISTENCY_PROOFS.stream();
  }

  @Test
  void emptyRootIsSha256OfTheEmptyString() {
    assertThat(MerkleHashing.emptyRoot().hex()).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
    assertThat(MerkleTree.of(List.of()).root().hex()).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
    assertThat(MerkleTree.rootOf(List.of()).hex()).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
  }

  @Test
  void leafHashesMatchTheReference() {
    List<Sha256Hash> leaves = Rfc6962Vectors.hashedLeaves(VECTOR_LEAF_COUNT);

    assertThat(leaves).extracting(Sha256Hash::hex).isEqualTo(Rfc6962Vectors.LEAF_HASHES);
  }

  @ParameterizedTest(name = "size {0}")
  @MethodSource("treeSizes")
  void rootsMatchTheReference(int size) {
    List<Sha256Hash> leaves = Rfc6962Vectors.hashedLeaves(size);
    Sha256Hash expected = Rfc6962Vectors.root(size);

    assertThat(MerkleTree.of(leaves).root()).isEqualTo(expected);
    assertThat(MerkleTree.rootOf(leaves)).isEqualTo(expected);
    assertThat(MerkleTree.of(Rfc6962Vectors.hashedLeaves(VECTOR_LEAF_COUNT)).rootAt(size))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "leaf {0}: {arguments}")
  @MethodSource("inclusionVectors")
  void inclusionProofsMatchTheReference(InclusionVector vector) {
    MerkleTree tree = MerkleTree.of(Rfc6962Vectors.hashedLeaves(vector.treeSize()));
    List<Sha256Hash> expectedPath = Rfc6962Vectors.hashes(vector.path());

    InclusionProof proof = tree.inclusionProof(vector.leafIndex());

    assertThat(proof)
        .isEqualTo(new InclusionProof(vector.leafIndex(), vector.treeSize(), expectedPath));
  }

  @ParameterizedTest(name = "{arguments}")
  @MethodSource("inclusionVectors")
  void publishedInclusionProofsVerify(InclusionVector vector) {
    Sha256Hash leafHash = Sha256Hash.fromHex(Rfc6962Vectors.LEAF_HASHES.get(vector.leafIndex()));
    InclusionProof proof =
        new InclusionProof(
            vector.leafIndex(), vector.treeSize(), Rfc6962Vectors.hashes(vector.path()));

    assertThat(
            MerkleVerifier.verifyInclusion(leafHash, proof, Rfc6962Vectors.root(vector.treeSize())))
        .isTrue();
    assertThat(MerkleVerifier.rootFromInclusion(leafHash, proof))
        .contains(Rfc6962Vectors.root(vector.treeSize()));
  }

  @ParameterizedTest(name = "{arguments}")
  @MethodSource("consistencyVectors")
  void consistencyProofsMatchTheReference(ConsistencyVector vector) {
    MerkleTree tree = MerkleTree.of(Rfc6962Vectors.hashedLeaves(vector.newSize()));

    ConsistencyProof proof = tree.consistencyProof(vector.oldSize());

    assertThat(proof)
        .isEqualTo(
            new ConsistencyProof(
                vector.oldSize(), vector.newSize(), Rfc6962Vectors.hashes(vector.path())));
  }

  @ParameterizedTest(name = "{arguments}")
  @MethodSource("consistencyVectors")
  void publishedConsistencyProofsVerify(ConsistencyVector vector) {
    ConsistencyProof proof =
        new ConsistencyProof(
            vector.oldSize(), vector.newSize(), Rfc6962Vectors.hashes(vector.path()));

    boolean verified =
        MerkleVerifier.verifyConsistency(
            proof, Rfc6962Vectors.root(vector.oldSize()), Rfc6962Vectors.root(vector.newSize()));

    assertThat(verified).isTrue();
  }

  @Test
  void everyProofOfTheEightLeafTreeVerifiesAgainstThePublishedRoots() {
    MerkleTree tree = MerkleTree.of(Rfc6962Vectors.hashedLeaves(VECTOR_LEAF_COUNT));
    for (int size = 1; size <= VECTOR_LEAF_COUNT; size++) {
      MerkleTree prefix = MerkleTree.of(Rfc6962Vectors.hashedLeaves(size));
      for (int index = 0; index < size; index++) {
        assertThat(
                MerkleVerifier.verifyInclusion(
                    tree.leafHash(index), prefix.inclusionProof(index), Rfc6962Vectors.root(size)))
            .as("leaf %d of size %d", index, size)
            .isTrue();
      }
      for (int oldSize = 0; oldSize <= size; oldSize++) {
        assertThat(
                MerkleVerifier.verifyConsistency(
                    prefix.consistencyProof(oldSize),
                    Rfc6962Vectors.root(oldSize),
                    Rfc6962Vectors.root(size)))
            .as("consistency %d -> %d", oldSize, size)
            .isTrue();
      }
    }
  }
}
