package com.payflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentedDefaultsTest {

  @TempDir Path dir;

  @Test
  void statedDefaults_areComparedWithTheYamlDefaults_inTheirUnits() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("application.yml"),
            """
        spring:
          kafka:
            consumer:
              max-poll-records: ${BATCH:2000}
        payflow:
          timeout-ms: 10000
          replay: 10000
          wait: 20ms
        """);
    Path doc =
        Files.writeString(
            dir.resolve("doc.md"),
            """
        # Doc
        ## Limits
        `spring.kafka.consumer.max-poll-records` (1000, `BATCH`), `payflow.timeout-ms` (10 s),
        `payflow.replay` (10,000), `payflow.wait` (20 ms), `payflow.missing` (3).
        ## Next
        `payflow.replay` (1) is outside the section.
        """);

    assertThat(DocumentedDefaults.mismatches(doc, "Limits", yaml))
        .containsExactly(
            "spring.kafka.consumer.max-poll-records: documented as 1000, configured 2000",
            "payflow.missing: documented as 3, not in " + yaml);
  }
}
