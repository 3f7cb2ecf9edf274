package com.payflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.testsupport.RunningPlatform;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The command line against the platform ./platform test started: output and exit codes. */
class PayflowCommandIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RunningPlatform platform = RunningPlatform.fromRunFolder();

  private record Run(int exitCode, String out, String err) {}

  private Run payflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] withConnection = new String[args.length + 4];
    System.arraycopy(args, 0, withConnection, 0, args.length);
    withConnection[args.length] = "--url";
    withConnection[args.length + 1] = platform.baseUrl();
    withConnection[args.length + 2] = "--api-key";
    withConnection[args.length + 3] = platform.require("DEMO_ALICE_API_KEY");
    int code =
        PayflowCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), withConnection);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void pay_settles_exit0_thenStatusAndBalance() {
    Run paid = payflow("pay", "alice-main", "bob-main", "0.01", "EUR", "--ref", "cli-it", "--json");

    assertThat(paid.exitCode()).as(paid.out() + paid.err()).isZero();
    JsonNode result = JSON.readTree(paid.out());
    assertThat(result.path("result").asString()).isEqualTo("ACCEPTED");
    assertThat(result.path("state").asString()).isEqualTo("SETTLED");
    String txId = result.path("transactionId").asString();

    Run status = payflow("status", txId);
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("settled " + txId);
    Run balance = payflow("balance", "alice-main", "--json");
    assertThat(balance.exitCode()).isZero();
    assertThat(JSON.readTree(balance.out()).path("currency").asString()).isEqualTo("EUR");
  }

  @Test
  void refused_exit3_usage_exit2() {
    Run refused = payflow("pay", "alice-main", "bob-main", "99999999.00", "EUR");
    assertThat(refused.exitCode()).as(refused.out()).isEqualTo(ExitCode.REFUSED.code);
    assertThat(refused.out()).contains("insufficient-funds");

    Run badAmount = payflow("pay", "alice-main", "bob-main", "1.234", "EUR");
    assertThat(badAmount.exitCode()).isEqualTo(ExitCode.USAGE.code);
    assertThat(badAmount.err()).contains("2 decimal digits");
  }
}
