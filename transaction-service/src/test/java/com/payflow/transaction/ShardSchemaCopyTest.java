package com.payflow.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The integration tests create shard schemas from a copy of settlement-consumer's migration
 * (that module owns the schema and is not a dependency). This fails when the copy falls behind.
 */
class ShardSchemaCopyTest {

  private static final Path OWNER = Path.of("../settlement-consumer/src/main/resources/db/shard");
  private static final Path COPY = Path.of("src/test/resources/db/shard");

  @Test
  void testSchema_isTheSameAsSettlementsMigrations() throws IOException {
    if (!Files.isDirectory(OWNER)) {
      return; // built outside the multi-module checkout: nothing to compare with
    }
    try (Stream<Path> owned = Files.list(OWNER); Stream<Path> copied = Files.list(COPY)) {
      assertThat(copied.map(Path::getFileName).map(Path::toString).sorted().toList())
          .as("migrations copied from " + OWNER)
          .isEqualTo(owned.map(Path::getFileName).map(Path::toString).sorted().toList());
    }
    try (Stream<Path> owned = Files.list(OWNER)) {
      for (Path migration : owned.toList()) {
        assertThat(Files.readString(COPY.resolve(migration.getFileName())))
            .as("copy of " + migration).isEqualTo(Files.readString(migration));
      }
    }
  }
}
