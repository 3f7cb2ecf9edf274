package com.payflow.cli;

import com.payflow.client.PayflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where payflow is and who is calling. The API key comes from {@code --api-key}, else {@code
 * PAYFLOW_API_KEY}, else the run folder ./platform wrote ({@code $PAYFLOW_RUN_DIR} or {@code .run}:
 * {@code api-keys.env}, the key of {@code --as}).
 */
final class Connection {

  private static final Map<String, String> RUN_FOLDER_KEYS =
      Map.of(
          "alice", "DEMO_ALICE_API_KEY",
          "bob", "DEMO_BOB_API_KEY",
          "operator", "PAYFLOW_OPERATOR_API_KEY",
          "bench", "BENCH_API_KEY");

  @Option(
      names = "--url",
      defaultValue = "${env:PAYFLOW_URL:-http://127.0.0.1:8080}",
      description = "payflow's base URL (env PAYFLOW_URL; default ${DEFAULT-VALUE})")
  String url;

  @Option(
      names = "--api-key",
      defaultValue = "${env:PAYFLOW_API_KEY}",
      description = "API key (env PAYFLOW_API_KEY; else the run folder's key of --as)")
  String apiKey;

  @Option(
      names = "--as",
      defaultValue = "alice",
      description = "whose run-folder key to use: alice, bob, operator, bench (default alice)")
  String as;

  @Option(names = "--json", description = "print one JSON object instead of text")
  boolean json;

  PayflowClient client() {
    return PayflowClient.builder().baseUrl(url).apiKey(key()).build();
  }

  /** The run folder: where ./platform keeps keys and the ledger's key file. */
  static Path runFolder() {
    return Path.of(Optional.ofNullable(System.getenv("PAYFLOW_RUN_DIR")).orElse(".run"));
  }

  private String key() {
    if (apiKey != null && !apiKey.isBlank()) {
      return apiKey;
    }
    String variable = RUN_FOLDER_KEYS.get(as);
    if (variable == null) {
      throw new IllegalArgumentException("--as must be one of " + RUN_FOLDER_KEYS.keySet());
    }
    Path file = runFolder().resolve("api-keys.env");
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(variable + "="))
          .map(line -> line.substring(variable.length() + 1).strip())
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(variable + " is not in " + file));
    } catch (IOException unreadable) {
      throw new IllegalArgumentException(
          "no API key: pass --api-key, set PAYFLOW_API_KEY, or run ./platform up (" + file + ")");
    }
  }
}
