package com.payflow.ledger.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line of the offline verifier; verification itself: OfflineVerifierIT. */
class OfflineVerifierTest {

  private static final String KEY = "ab".repeat(32);

  @Test
  void help_printsTheUsage_andExitsZero() {
    for (String flag : new String[] {"--help", "-h"}) {
      Run run = run(flag);
      assertThat(run.code()).as(flag).isEqualTo(OfflineVerifier.OK);
      assertThat(run.output())
          .contains("usage: verify --public-key")
          .contains("--proof")
          .contains("--chain")
          .contains("--consistency")
          .contains("--state")
          .contains("exit:");
    }
    assertThat(run("--public-key", KEY, "--help").code()).isEqualTo(OfflineVerifier.OK);
  }

  @Test
  void badArguments_printTheUsage_andExitTwo() {
    assertThat(run().code()).isEqualTo(OfflineVerifier.USAGE);
    Run unknown = run("--public-key", KEY, "--proof", "p.json", "--frobnicate");
    assertThat(unknown.code()).isEqualTo(OfflineVerifier.USAGE);
    assertThat(unknown.output()).contains("unknown argument --frobnicate").contains("usage:");
    assertThat(run("--public-key", KEY).code())
        .as("nothing to verify")
        .isEqualTo(OfflineVerifier.USAGE);
    assertThat(run("--proof", "p.json").code()).as("no key").isEqualTo(OfflineVerifier.USAGE);
    assertThat(run("--public-key").code())
        .as("flag without value")
        .isEqualTo(OfflineVerifier.USAGE);
  }

  @Test
  void anUnreadableFile_exitsTwo() {
    Run run = run("--public-key", KEY, "--proof", "/nonexistent/proof.json");
    assertThat(run.code()).isEqualTo(OfflineVerifier.USAGE);
    assertThat(run.output()).contains("FAIL cannot read input");
  }

  private record Run(int code, String output) {}

  private static Run run(String... args) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code = new OfflineVerifier(new PrintStream(output, true, StandardCharsets.UTF_8)).run(args);
    return new Run(code, output.toString(StandardCharsets.UTF_8));
  }
}
