package com.payflow.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeadLetterTopicsTest {

  @Test
  void namesRoundTrip() {
    assertThat(DeadLetterTopics.of("payments.submitted")).isEqualTo("payments.submitted.DLT");
    assertThat(DeadLetterTopics.sourceOf("payments.submitted.DLT")).isEqualTo("payments.submitted");
    assertThat(DeadLetterTopics.replayGroup("payments.credits"))
        .isEqualTo("settlement-dlt-replay-payments.credits");
  }

  @Test
  void aTopicWithoutTheSuffix_hasNoSource() {
    assertThatThrownBy(() -> DeadLetterTopics.sourceOf("payments.submitted"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeadLetterTopics.sourceOf(".DLT"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
