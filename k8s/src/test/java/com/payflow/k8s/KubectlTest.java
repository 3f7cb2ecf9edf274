package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlays are rendered by a kubectl that can render them, never silently by an older one: the
 * tests refuse a kubectl below KUBECTL_MIN_VERSION, and {@code k8s/tools/kubectl.sh} (what {@code
 * ./platform test} uses) finds or downloads and verifies one. The script is exercised offline here
 * with fake kubectl binaries and a {@code file://} "release" server.
 */
class KubectlTest {

  static final String SCRIPT = "k8s/tools/kubectl.sh";

  static String versionJson(String gitVersion) {
    return """
        {
          "clientVersion": {
            "major": "1",
            "minor": "20",
            "gitVersion": "%s",
            "platform": "linux/amd64"
          }
        }
        """
        .formatted(gitVersion);
  }

  @Test
  void theVersionCheckRefusesOldKubectls() {
    String min = "1.31";
    assertThat(Tools.kubectlVersionProblem(versionJson("v1.20.5"), min))
        .isEqualTo("is v1.20.5, older than 1.31");
    assertThat(Tools.kubectlVersionProblem(versionJson("v1.30.14"), min)).contains("older");
    assertThat(Tools.kubectlVersionProblem(versionJson("v1.31.0"), min)).isNull();
    assertThat(Tools.kubectlVersionProblem(versionJson("v1.32.4-dispatcher"), min)).isNull();
    assertThat(Tools.kubectlVersionProblem(versionJson("v2.0.0"), min)).isNull();
    assertThat(Tools.kubectlVersionProblem("Client Version: v1.32.4", min))
        .isEqualTo("reports no version");
  }

  @Test
  void theKubectlInUseIsNewEnough() {
    // Fails with the hint (and every render with it) on an older kubectl.
    assertThat(Tools.kubectl()).isNotBlank();
  }

  @Test
  void thePinnedKubectlIsNewEnough() {
    String pinned = VersionsTest.version("KUBECTL_VERSION");
    assertThat(pinned).matches("v\\d+\\.\\d+\\.\\d+");
    assertThat(VersionsTest.version("KUBECTL_MIN_VERSION")).matches("\\d+\\.\\d+");
    assertThat(
            Tools.kubectlVersionProblem(
                versionJson(pinned), VersionsTest.version("KUBECTL_MIN_VERSION")))
        .isNull();
  }

  @Test
  void platformTestGetsItsKubectlFromTheScript() {
    String platform = Manifests.read("platform");
    assertThat(platform)
        .as("./platform test: kubectl from %s, exported as KUBECTL for mvn", SCRIPT)
        .contains(SCRIPT)
        .contains("export KUBECTL")
        .as("Debian 12's kubernetes-client is 1.20: it cannot render the overlays")
        .doesNotContainPattern("apt_install[^\\n]*kubernetes-client");
    assertThat(Files.isExecutable(Manifests.repoRoot().resolve(SCRIPT))).isTrue();
  }

  /** A fake kubectl answering {@code version --client -o json} with {@code gitVersion}. */
  static Path fakeKubectl(Path file, String gitVersion) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "#!/bin/sh\ncat <<'EOF'\n" + versionJson(gitVersion) + "EOF\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** A "release server" tree with the pinned kubectl and its .sha256 (or a wrong one). */
  static Path release(Path dir, String gitVersion, boolean rightChecksum) throws Exception {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    Path binary =
        fakeKubectl(
            dir.resolve(
                VersionsTest.version("KUBECTL_VERSION") + "/bin/linux/" + arch + "/kubectl"),
            gitVersion);
    String sha = rightChecksum ? sha256(binary) : "0".repeat(64);
    Files.writeString(binary.resolveSibling("kubectl.sha256"), sha + "\n");
    return dir;
  }

  static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  static Tools.Result runScript(Path bin, Path tools, Path release, Map<String, String> extra) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "PATH", bin + ":/usr/bin:/bin",
                "PAYFLOW_TOOLS_DIR", tools.toString(),
                "PAYFLOW_KUBECTL_BASE_URL", release.toUri().toString()));
    env.putAll(extra);
    Tools.Result r =
        Tools.runRaw(
            List.of("bash", Manifests.repoRoot().resolve(SCRIPT).toString()),
            Manifests.repoRoot(),
            env,
            true);
    assertThat(r).as("bash runs " + SCRIPT).isNotNull();
    return r;
  }

  @Test
  void theScriptDownloadsAndVerifiesThePinnedKubectlWhenPathHasAnOldOne(@TempDir Path tmp)
      throws Exception {
    String pinned = VersionsTest.version("KUBECTL_VERSION");
    fakeKubectl(tmp.resolve("bin/kubectl"), "v1.20.5"); // Debian 12's kubernetes-client
    Path release = release(tmp.resolve("release"), pinned, true);
    Path tools = tmp.resolve("tools");

    Tools.Result r = runScript(tmp.resolve("bin"), tools, release, Map.of());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().trim()).isEqualTo(tools.resolve("kubectl-" + pinned).toString());
    assertThat(r.stderr()).contains("v1.20.5, older than").contains("verified");

    // Once there, it is reused without downloading again (the release server is gone).
    Tools.Result again = runScript(tmp.resolve("bin"), tools, tmp.resolve("no-release"), Map.of());
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.stderr()).doesNotContain("downloading");
  }

  @Test
  void theScriptRefusesABinaryThatDoesNotMatchThePublishedChecksum(@TempDir Path tmp)
      throws Exception {
    fakeKubectl(tmp.resolve("bin/kubectl"), "v1.20.5");
    Path release = release(tmp.resolve("release"), VersionsTest.version("KUBECTL_VERSION"), false);
    Tools.Result r = runScript(tmp.resolve("bin"), tmp.resolve("tools"), release, Map.of());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).contains("checksum mismatch").contains("nothing installed");
    try (var left = Files.list(tmp.resolve("tools"))) {
      assertThat(left).as("nothing left in the tools folder").isEmpty();
    }
  }

  @Test
  void theScriptRefusesABinaryOfAnotherVersion(@TempDir Path tmp) throws Exception {
    fakeKubectl(tmp.resolve("bin/kubectl"), "v1.20.5");
    Path release = release(tmp.resolve("release"), "v1.29.0", true);
    Tools.Result r = runScript(tmp.resolve("bin"), tmp.resolve("tools"), release, Map.of());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("reports v1.29.0");
  }

  @Test
  void theScriptKeepsANewEnoughKubectlAndRefusesAnOldExplicitOne(@TempDir Path tmp)
      throws Exception {
    Path current = fakeKubectl(tmp.resolve("bin/kubectl"), "v1.32.4");
    Path nowhere = tmp.resolve("no-release");
    Tools.Result r = runScript(tmp.resolve("bin"), tmp.resolve("tools"), nowhere, Map.of());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().trim()).isEqualTo(current.toString());

    Path old = fakeKubectl(tmp.resolve("old/kubectl"), "v1.30.2");
    Tools.Result explicit =
        runScript(
            tmp.resolve("bin"), tmp.resolve("tools"), nowhere, Map.of("KUBECTL", old.toString()));
    assertThat(explicit.exitCode()).isEqualTo(1);
    assertThat(explicit.stdout()).isEmpty();
    assertThat(explicit.stderr()).contains("KUBECTL=" + old).contains("v1.30.2");
  }
}
