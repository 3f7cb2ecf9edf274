package com.payflow.contracts.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TreeMathTest {

  @ParameterizedTest
  @CsvSource({"2, 1", "3, 2", "4, 2", "5, 4", "8, 4", "9, 8", "1000000, 524288"})
  void splitPointIsTheLargestPowerOfTwoStrictlyBelow(long n, long expected) {
    assertThat(TreeMath.splitPoint(n)).isEqualTo(expected);
  }

  @Test
  void splitPointRejectsRangesThatCannotBeSplit() {
    assertThatThrownBy(() -> TreeMath.splitPoint(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
  }

  @ParameterizedTest
  @CsvSource({"1, 0", "2, 1", "3, 2", "4, 2", "5, 3", "1048576, 20", "1048577, 21"})
  void ceilLog2IsTheTreeHeight(long n, int expected) {
    assertThat(TreeMath.ceilLog2(n)).isEqualTo(expected);
  }

  @Test
  void ceilLog2RejectsNonPositiveArguments() {
    assertThatThrownBy(() -> TreeMath.ceilLog2(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void recognisesPowersOfTwo() {
    assertThat(TreeMath.isPowerOfTwo(1)).isTrue();
    assertThat(TreeMath.isPowerOfTwo(1L << 62)).isTrue();
    assertThat(TreeMath.isPowerOfTwo(0)).isFalse();
    assertThat(TreeMath.isPowerOfTwo(6)).isFalse();
    assertThat(TreeMath.isPowerOfTwo(Long.MIN_VALUE)).isFalse();
  }
}
