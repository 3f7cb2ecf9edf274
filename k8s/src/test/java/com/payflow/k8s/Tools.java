package com.payflow.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the external tools the validation needs; a missing tool fails with what to install. */
final class Tools {

  static final String KUBECTL_HINT =
      "kubectl >= KUBECTL_MIN_VERSION (k8s/versions.env) is needed to render the Kustomize "
          + "overlays (`kubectl kustomize`, offline, no cluster): Debian 12's kubernetes-client "
          + "(1.20) knows no kustomize components and kubectl 1.27-1.30 fail on the overlays' "
          + "multi-document patch files. `k8s/tools/kubectl.sh` prints a suitable one (the kubectl "
          + "on PATH if new enough, else the pinned KUBECTL_VERSION, downloaded into .run/tools "
          + "and checksum-verified): KUBECTL=$(k8s/tools/kubectl.sh) mvn -B -pl k8s verify. "
          + "./platform test does this itself.";

  /** {@code "gitVersion": "v1.32.4-dispatcher"} in {@code kubectl version --client -o json}. */
  static final Pattern GIT_VERSION =
      Pattern.compile("\"gitVersion\"\\s*:\\s*\"(v(\\d+)\\.(\\d+)[^\"]*)\"");

  private static String kubectl;

  static final String COMPOSE_HINT =
      "Docker Compose is needed to validate infra/compose.yaml "
          + "(`docker compose config`, no Docker engine required). Install the docker CLI with the "
          + "compose plugin (docker-compose-plugin), or Debian's `docker-compose` package "
          + "(apt-get install docker-compose), or point DOCKER_COMPOSE at a compose binary.";

  record Result(int exitCode, String stdout, String stderr) {}

  private Tools() {}

  /**
   * KUBECTL, else kubectl on PATH; either must be at least KUBECTL_MIN_VERSION, or every render
   * fails with the reason (never an older kubectl's partial or wrong output).
   */
  static synchronized String kubectl() {
    if (kubectl == null) {
      String configured = System.getenv("KUBECTL");
      String path =
          configured != null && !configured.isBlank()
              ? configured
              : onPath("kubectl")
                  .orElseThrow(
                      () -> new AssertionError("kubectl not found on PATH. " + KUBECTL_HINT));
      Result version =
          runRaw(List.of(path, "version", "--client", "-o", "json"), Path.of("."), Map.of(), false);
      String problem =
          version == null || version.exitCode() != 0
              ? "does not answer `version --client -o json`"
              : kubectlVersionProblem(
                  version.stdout(), VersionsTest.version("KUBECTL_MIN_VERSION"));
      if (problem != null) {
        throw new AssertionError(path + " " + problem + ". " + KUBECTL_HINT);
      }
      kubectl = path;
    }
    return kubectl;
  }

  /** Null when the kubectl of this version output is at least {@code minimum} (major.minor). */
  static String kubectlVersionProblem(String versionJson, String minimum) {
    Matcher m = GIT_VERSION.matcher(versionJson);
    if (!m.find()) {
      return "reports no version";
    }
    int major = Integer.parseInt(m.group(2));
    int minor = Integer.parseInt(m.group(3));
    String[] min = minimum.split("\\.");
    int minMajor = Integer.parseInt(min[0]);
    int minMinor = Integer.parseInt(min[1]);
    boolean enough = major > minMajor || (major == minMajor && minor >= minMinor);
    return enough ? null : "is " + m.group(1) + ", older than " + minimum;
  }

  /**
   * The compose command: DOCKER_COMPOSE if set, else `docker compose` when the plugin answers, else
   * the standalone `docker-compose`.
   */
  static List<String> compose() {
    String configured = System.getenv("DOCKER_COMPOSE");
    if (configured != null && !configured.isBlank()) {
      return List.of(configured.trim().split("\\s+"));
    }
    var docker = onPath("docker");
    if (docker.isPresent()) {
      Result version =
          runRaw(List.of(docker.get(), "compose", "version"), Path.of("."), Map.of(), false);
      if (version != null && version.exitCode() == 0) {
        return List.of(docker.get(), "compose");
      }
    }
    var standalone = onPath("docker-compose");
    if (standalone.isPresent()) {
      return List.of(standalone.get());
    }
    throw new AssertionError(
        docker.isPresent()
            ? "the docker CLI is installed but has no compose plugin, and docker-compose is not on "
                + "PATH. "
                + COMPOSE_HINT
            : "neither the docker CLI nor docker-compose is on PATH. " + COMPOSE_HINT);
  }

  static java.util.Optional<String> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return java.util.Optional.of(candidate.toString());
      }
    }
    return java.util.Optional.empty();
  }

  /** Runs a command that must succeed; its failure message includes the tool's stderr. */
  static Result run(List<String> command, Path workDir, String hint) {
    Result result = runRaw(command, workDir, Map.of(), false);
    if (result == null) {
      throw new AssertionError("cannot start " + command.getFirst() + ". " + hint);
    }
    if (result.exitCode() != 0) {
      throw new AssertionError(
          String.join(" ", command)
              + " failed (exit "
              + result.exitCode()
              + "):\n"
              + result.stderr()
              + result.stdout());
    }
    return result;
  }

  /**
   * Runs a command; null if it cannot be started. With {@code cleanEnv} only PATH and HOME are
   * passed (plus {@code env}), so the caller's environment cannot satisfy required variables.
   */
  static Result runRaw(
      List<String> command, Path workDir, Map<String, String> env, boolean cleanEnv) {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile());
    if (cleanEnv) {
      Map<String, String> e = builder.environment();
      String path = e.get("PATH");
      String home = e.get("HOME");
      e.clear();
      if (path != null) {
        e.put("PATH", path);
      }
      if (home != null) {
        e.put("HOME", home);
      }
    }
    builder.environment().putAll(env);
    try {
      Path out = Files.createTempFile("payflow-k8s-", ".out");
      Path err = Files.createTempFile("payflow-k8s-", ".err");
      try {
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException cannotStart) {
      return null;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command.getFirst(), interrupted);
    }
  }
}
