package com.payflow.systemtest.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.redis.RedisKeys;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.RunningPlatform;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No secret of the running platform leaks: the API keys of {@code .run/api-keys.env} and the
 * database passwords of {@code .run/secrets.env} appear in no log of the run ({@code
 * .run/logs/*.log}, Nginx access/error logs included), in no tracked file of the repository, and
 * not in Redis (only SHA-256 hashes of API keys are stored there, ADR 0007).
 */
class SecretsInLogsIT {

  private final RunningPlatform platform = RunningPlatform.fromRunFolder();
  private final Path runDir = Path.of(platform.require("PAYFLOW_RUN_DIR"));

  @Test
  void noApiKeyOrPassword_inTheLogs_theRepository_orRedis() throws Exception {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.putAll(read(runDir.resolve("api-keys.env")));
    secrets.putAll(read(runDir.resolve("secrets.env")));
    assertThat(secrets).as("secrets to look for").hasSizeGreaterThanOrEqualTo(4);

    List<String> found = new ArrayList<>();
    long scanned = 0;
    try (Stream<Path> logs = Files.list(runDir.resolve("logs"))) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        scanned += Files.size(log);
        // Logs may hold bytes that are not UTF-8 (hostile input is logged): decode leniently.
        var decoder =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader lines =
            new BufferedReader(
                new java.io.InputStreamReader(Files.newInputStream(log), decoder), 1 << 16)) {
          String line;
          long number = 0;
          while ((line = lines.readLine()) != null) {
            number++;
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
              if (line.contains(secret.getValue())) {
                found.add(secret.getKey() + " in " + log.getFileName() + ":" + number);
              }
            }
          }
        }
      }
    }
    System.out.printf(
        "scanned %.1f MB of logs for %d secrets: %d hits%n",
        scanned / 1e6, secrets.size(), found.size());
    assertThat(found).as("secrets in the logs of the run").isEmpty();

    Path repo = runDir.getParent();
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      Process grep =
          new ProcessBuilder("git", "grep", "-I", "-l", "-F", "-e", secret.getValue())
              .directory(repo.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      grep.waitFor();
      assertThat(out.trim()).as("%s in tracked files", secret.getKey()).isEmpty();
    }

    RedisClient client = RedisClient.create(RealServers.get().redisUri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      Map<String, String> keys = connection.sync().hgetall(RedisKeys.API_KEYS);
      for (Map.Entry<String, String> secret : secrets.entrySet()) {
        assertThat(keys.keySet())
            .as("raw %s in payflow:apikeys", secret.getKey())
            .doesNotContain(secret.getValue());
        assertThat(keys.values()).doesNotContain(secret.getValue());
      }
    } finally {
      client.shutdown();
    }
  }

  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        String value = line.substring(eq + 1).trim().replaceAll("^[\"']|[\"']$", "");
        if (value.length() >= 8) { // a value short enough to occur by chance is no secret
          values.put(line.substring(0, eq).trim(), value);
        }
      }
    }
    return values;
  }
}
