package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofRecordsTest {

  private static final Sha256Hash HASH = MerkleHashing.emptyRoot();

  @Test
  void inclusionProofRejectsNegativeNumbers() {
    assertThatThrownBy(() -> new InclusionProof(-1, 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leafIndex must be non-negative");
    assertThatThrownBy(() -> new InclusionProof(0, -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("treeSize must be non-negative");
  }

  @Test
  void consistencyProofRejectsNegativeNumbers() {
    assertThatThrownBy(() -> new ConsistencyProof(-1, 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oldSize must be non-negative");
    assertThatThrownBy(() -> new ConsistencyProof(0, -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newSize must be non-negative");
  }

  @Test
  void rejectNullPaths() {
    assertThatThrownBy(() -> new InclusionProof(0, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("path");
    assertThatThrownBy(() -> new ConsistencyProof(0, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("path");
  }

  @Test
  void rejectNullPathElementsNamingTheirIndex() {
    List<Sha256Hash> path = Arrays.asList(HASH, null);

    assertThatThrownBy(() -> new InclusionProof(0, 4, path))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("path element 1");
    assertThatThrownBy(() -> new ConsistencyProof(1, 4, path))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("path element 1");
  }

  @Test
  void allowSemanticallyInvalidProofsSoTheVerifierCanRejectThem() {
    InclusionProof indexBeyondSize = new InclusionProof(5, 3, List.of(HASH));
    ConsistencyProof shrinking = new ConsistencyProof(5, 3, List.of(HASH));

    assertThat(MerkleVerifier.verifyInclusion(HASH, indexBeyondSize, HASH)).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(shrinking, HASH, HASH)).isFalse();
  }

  @Test
  void copyTheirPaths() {
    List<Sha256Hash> path = new ArrayList<>(List.of(HASH));
    InclusionProof inclusion = new InclusionProof(0, 2, path);
    ConsistencyProof consistency = new ConsistencyProof(1, 2, path);

    path.add(HASH);

    assertThat(inclusion.path()).hasSize(1);
    assertThat(consistency.path()).hasSize(1);
    assertThatThrownBy(() -> inclusion.path().add(HASH))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void compareByValue() {
    assertThat(new InclusionProof(1, 2, List.of(HASH)))
        .isEqualTo(new InclusionProof(1, 2, new ArrayList<>(List.of(HASH))));
    assertThat(new ConsistencyProof(1, 2, List.of(HASH)))
        .isEqualTo(new ConsistencyProof(1, 2, new ArrayList<>(List.of(HASH))));
  }
}
