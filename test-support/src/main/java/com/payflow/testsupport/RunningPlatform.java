package com.payflow.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform started by {@code ./platform up}, as seen from outside: the Nginx entry point, the
 * generated API keys, the shard databases. System tests drive it like a client would.
 */
public final class RunningPlatform {

  private final Map<String, String> env;

  private RunningPlatform(Map<String, String> env) {
    this.env = env;
  }

  /** Reads the run folder's infra.env and api-keys.env (environment variables win). */
  public static RunningPlatform fromRunFolder() {
    Map<String, String> values = new HashMap<>(RealServers.effectiveEnvironment());
    Path runDir = runDir(values);
    values.putIfAbsent("PAYFLOW_RUN_DIR", runDir.toString());
    Path keys = runDir.resolve("api-keys.env");
    if (!Files.isReadable(keys)) {
      throw new IllegalStateException(
          "no "
              + keys
              + ": start the platform with ./platform up "
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

  private static Path runDir(Map<String, String> values) {
    String configured = values.get("PAYFLOW_RUN_DIR");
    if (configured != null) {
      return Path.of(configured);
    }
    Path found = RealServers.findRunDir();
    return found != null ? found : Path.of(".run");
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

  /**
   * The pid of the Kafka broker {@code ./platform up} started, if it started one (a broker the
   * project did not start is never a target of fault tests).
   */
  public java.util.OptionalLong kafkaPid() {
    Path pidFile = Path.of(require("PAYFLOW_RUN_DIR"), "kafka", "kafka.pid");
    try {
      return Files.isReadable(pidFile)
          ? java.util.OptionalLong.of(Long.parseLong(Files.readString(pidFile).trim()))
          : java.util.OptionalLong.empty();
    } catch (IOException | NumberFormatException unreadable) {
      return java.util.OptionalLong.empty();
    }
  }

  /** Names of the shard databases. */
  public List<String> shardDatabases() {
    int count = Integer.parseInt(env.getOrDefault("SHARD_COUNT", "4"));
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> "payflow_shard_" + i).toList();
  }
}
