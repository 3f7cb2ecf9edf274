package com.payflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.testsupport.DocumentedDefaults;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/settlement.md states the limits this service's application.yml sets, and no others. */
class DocumentedLimitsTest {

  @Test
  void theLimitsSection_matchesApplicationYml() throws Exception {
    assertThat(
            DocumentedDefaults.mismatches(
                Path.of("../docs/settlement.md"),
                "Limits",
                Path.of("src/main/resources/application.yml")))
        .isEmpty();
  }
}
