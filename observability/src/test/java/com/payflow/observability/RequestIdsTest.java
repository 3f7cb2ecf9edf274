package com.payflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestIdsTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void onlyPlainBoundedIdsAreKept() {
    assertThat(RequestIds.sanitize("0f1e2d3c4b5a69788796a5b4c3d2e1f0")).isNotNull();
    assertThat(RequestIds.sanitize("a".repeat(RequestIds.MAX_LENGTH))).isNotNull();
    assertThat(RequestIds.sanitize("a".repeat(RequestIds.MAX_LENGTH + 1))).isNull();
    assertThat(RequestIds.sanitize("evil\nINFO forged line")).isNull();
    assertThat(RequestIds.sanitize("")).isNull();
    assertThat(RequestIds.sanitize(null)).isNull();
  }

  @Test
  void oneHeaderIsWrittenAndReadBack_invalidOnesAreIgnored() {
    RecordHeaders headers = new RecordHeaders();
    RequestIds.addTo(headers, "first");
    RequestIds.addTo(headers, "req-42");
    RequestIds.addTo(headers, "not valid");
    assertThat(headers.headers(RequestIds.HEADER)).hasSize(1);
    assertThat(RequestIds.of(headers)).isEqualTo("req-42");

    RecordHeaders forged = new RecordHeaders();
    forged.add(RequestIds.HEADER, "x\ny".getBytes(StandardCharsets.UTF_8));
    assertThat(RequestIds.of(forged)).isNull();
    assertThat(RequestIds.of(new RecordHeaders())).isNull();
  }

  @Test
  void aScopeRestoresThePreviousId() {
    MDC.put(RequestIds.MDC_KEY, "outer");
    try (RequestIds.Scope inner = RequestIds.open("inner")) {
      assertThat(RequestIds.current()).isEqualTo("inner");
    }
    assertThat(RequestIds.current()).isEqualTo("outer");
    try (RequestIds.Scope none = RequestIds.open(null)) {
      assertThat(RequestIds.current()).isEqualTo("outer");
    }
    MDC.remove(RequestIds.MDC_KEY);
    try (RequestIds.Scope inner = RequestIds.open("only")) {
      assertThat(RequestIds.current()).isEqualTo("only");
    }
    assertThat(RequestIds.current()).isNull();
  }
}
