package com.payflow.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform started by {@code ./platform up}, as seen from outside: the Nginx entry point,
 * the generated API keys, the shard databases. System tests drive it like a client would.
 */
public final class RunningPlatform {

  private final Map<String, String> env;

  private RunningPlatform(Map<String, String> env) {
    this.env = env;
  }

  /** Reads the run folder's infra.env and api-keys.env (environment variables win). */
  public static RunningPlatform fromRunFolder() {
    Map<String, String> values = new HashMap<>(RealServers.effectiveEnvironment());
    Path keys = Path.of(values.getOrDefault("PAYFLOW_RUN_DIR", ".run"), "api-keys.env");
    if (!Files.isReadable(keys)) {
      throw new IllegalStateException("no " + keys + ": start the platform with ./platform up "
          + "(./platform test does) before running system tests");
    }
    try {
      for (String line : Files.readAllLines(keys)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException unreadable) {
      throw new IllegalStateException("cannot read " + keys, unreadable);
    }
    return new RunningPlatform(values);
  }

  /** Base URL of Nginx, e.g. {@code http://127.0.0.1:8080}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + env.getOrDefault("NGINX_PORT", "8080");
  }

  /** A value from the run folder, failing with the name when it is missing. */
  public String require(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " not found in the run folder or environment");
    }
    return value;
  }

  /** Names of the shard databases. */
  public List<String> shardDatabases() {
    int count = Integer.parseInt(env.getOrDefault("SHARD_COUNT", "4"));
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> "payflow_shard_" + i)
        .toList();
  }
}
