package com.payflow.transaction.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.payflow.testsupport.RunningPlatform;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Debian Chromium through Selenium and Debian's
 * chromedriver) against the running platform, through Nginx like an operator: log in, see the
 * stream arrive, see Σ = 0, see the charts move while this test submits payments through Nginx,
 * open one of them with its Merkle proof status, start a full ledger verification and see its
 * result, save a screenshot. Other traffic may run meanwhile: every check waits for a condition
 * (bounded), none expects exact numbers. Whole test: under two minutes.
 *
 * <p>Needs {@code chromium} and {@code chromium-driver} (Debian packages; paths overridable with
 * {@code CHROMIUM_BIN} and {@code CHROMEDRIVER_BIN}) and {@code ./platform up}. The screenshot
 * lands in {@code target/dashboard-it/dashboard.png}; with {@code -Ddashboard.screenshot=<path>} it
 * is copied there too (docs/dashboard.png).
 */
class DashboardBrowserIT {

  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration DATA_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(40);
  private static final Duration PROOF_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(60);

  /** The test's own time: the verification result is awaited at most until then. */
  private static final Duration TEST_BUDGET = Duration.ofSeconds(110);

  private static final int PAYMENTS_PER_SECOND = 8;
  private static final Pattern TX_ID = Pattern.compile("\"transactionId\":\"([0-9a-f-]{36})\"");

  private final RunningPlatform platform = RunningPlatform.fromRunFolder();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicBoolean submitting = new AtomicBoolean();
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refused = new AtomicInteger();
  private Path profile;
  private WebDriver browser;
  private Thread submitter;

  @BeforeEach
  void startBrowser() throws Exception {
    Path chromium = Path.of(env("CHROMIUM_BIN", "/usr/bin/chromium"));
    Path chromedriver = Path.of(env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
      fail(
          "the dashboard browser test needs Debian's Chromium and chromedriver: "
              + chromium
              + (Files.isExecutable(chromium) ? " ok" : " MISSING")
              + ", "
              + chromedriver
              + (Files.isExecutable(chromedriver) ? " ok" : " MISSING")
              + ". Install them with: apt-get install -y chromium chromium-driver"
              + " (or set CHROMIUM_BIN / CHROMEDRIVER_BIN)");
    }
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/dashboard/login"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200 || !login.body().contains("Operator API key")) {
      fail(
          "GET /dashboard/login through Nginx answered "
              + login.statusCode()
              + ": the running transaction-service has no dashboard. Build and restart it"
              + " (./platform up builds; see docs/dashboard.md)");
    }
    profile = Files.createTempDirectory("payflow-dashboard-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=1600,2400");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1600, 2400));
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() throws Exception {
    submitting.set(false);
    if (submitter != null) {
      submitter.join(5_000);
    }
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void operatorSeesTheBooksBalanceTheChartsMoveAndVerifiesTheChain() throws Exception {
    String operatorKey = platform.require("PAYFLOW_OPERATOR_API_KEY");
    long deadline = System.nanoTime() + TEST_BUDGET.toNanos();

    // 1. Not logged in: the page sends the operator to the login form; a wrong key is refused.
    browser.get(platform.baseUrl() + "/dashboard");
    waitFor(
        LOGIN_TIMEOUT,
        "the login form",
        () -> browser.getCurrentUrl().endsWith("/dashboard/login"));
    browser.findElement(By.id("key")).sendKeys("not-the-key", Keys.ENTER);
    waitFor(
        LOGIN_TIMEOUT,
        "the failed-login message",
        () -> browser.findElement(By.id("login-error")).isDisplayed());
    browser.findElement(By.id("key")).sendKeys(operatorKey, Keys.ENTER);
    waitFor(
        LOGIN_TIMEOUT,
        "the dashboard after login",
        () -> browser.getCurrentUrl().endsWith("/dashboard/"));
    assertThat(browser.getCurrentUrl()).doesNotContain(operatorKey);
    Cookie session = browser.manage().getCookieNamed(DashboardSession.COOKIE);
    assertThat(session).as("login cookie").isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getValue()).doesNotContain(operatorKey);

    // 2. The stream is live and the shards have been summed: Σ = 0.
    waitFor(DATA_TIMEOUT, "the live stream", () -> text("conn").equals("live"));
    waitFor(
        DATA_TIMEOUT,
        "the Σ indicator to read every shard",
        () ->
            "ok".equals(browser.findElement(By.id("sum-indicator")).getAttribute("data-state"))
                || "bad"
                    .equals(
                        browser.findElement(By.id("sum-indicator")).getAttribute("data-state")));
    assertThat(browser.findElement(By.id("sum-indicator")).getAttribute("data-state"))
        .as("Σ of all balances across shards")
        .isEqualTo("ok");
    assertThat(text("sum-value")).contains("Σ = 0");

    // 3. The operator starts a full verification of the chain now: the ledger checks while the
    //    rest of the test runs (its time grows with the chain), the result is read at the end.
    browser.findElement(By.id("verify-btn")).click();
    waitFor(
        Duration.ofSeconds(5),
        "the verification to start",
        () ->
            Set.of("running", "valid", "invalid", "failed")
                .contains(browser.findElement(By.id("verify-result")).getAttribute("data-state")));

    // 4. Payments through Nginx make the charts move.
    WebElement chart = browser.findElement(By.id("chart-throughput"));
    long lastTBefore = Long.parseLong(chart.getAttribute("data-last-t"));
    startSubmitting();
    // The chart's own data: payments settled in seconds after the submissions started (other
    // traffic may add to it, which is fine; the 15-minute window sliding does not matter).
    waitFor(
        MOVE_TIMEOUT,
        "settled payments to appear on the throughput chart",
        () -> {
          WebElement now = browser.findElement(By.id("chart-throughput"));
          Object settled =
              ((JavascriptExecutor) browser)
                  .executeScript(
                      "return window.payflowDashboard.settledSince(arguments[0])", lastTBefore);
          return Long.parseLong(now.getAttribute("data-last-t")) > lastTBefore
              && ((Number) settled).longValue() >= 5
              && accepted.size() >= 5;
        });
    assertThat(browser.findElements(By.cssSelector("#chart-throughput canvas"))).isNotEmpty();
    waitFor(
        DATA_TIMEOUT,
        "the recent payments table",
        () -> !browser.findElements(By.cssSelector("#payments tbody tr[data-id]")).isEmpty());
    waitFor(
        DATA_TIMEOUT,
        "consumer lag of the settlement group",
        () ->
            !browser
                .findElements(By.cssSelector("#lag .lag-group[data-group='settlement']"))
                .isEmpty());
    assertThat(browser.findElements(By.cssSelector("#health li")).size())
        .as("health rows: services, Nginx, Redis, Kafka, shards")
        .isGreaterThanOrEqualTo(8);

    // 5. One of our payments in the detail view, with its Merkle proof status.
    String ours = accepted.iterator().next();
    WebElement lookup = browser.findElement(By.id("lookup-id"));
    lookup.sendKeys(ours, Keys.ENTER);
    waitFor(
        PROOF_TIMEOUT,
        "the payment detail",
        () ->
            !browser.findElements(By.id("proof-status")).isEmpty()
                && text("detail-body").contains(ours));
    String proofStatus = waitForProof(ours);
    assertThat(proofStatus).as("proof status of " + ours).isIn("verified", "pending");
    browser.findElement(By.id("detail-close")).click();

    // 6. The verification's result, pushed by the stream.
    Duration left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
    waitFor(
        left.compareTo(VERIFY_TIMEOUT) < 0 ? left : VERIFY_TIMEOUT,
        "the verification result",
        () ->
            Set.of("valid", "invalid", "failed")
                .contains(browser.findElement(By.id("verify-result")).getAttribute("data-state")));
    assertThat(browser.findElement(By.id("verify-result")).getAttribute("data-state"))
        .as("ledger verification: " + text("verify-result"))
        .isEqualTo("valid");

    submitting.set(false);
    screenshot();
  }

  /** Waits for the proof to be verified (blocks are cut every few seconds); pending is ok. */
  private String waitForProof(String id) throws InterruptedException {
    long deadline = System.nanoTime() + PROOF_TIMEOUT.toNanos();
    String status = "";
    while (System.nanoTime() < deadline) {
      status = browser.findElement(By.id("proof-status")).getAttribute("data-status");
      if (!"pending".equals(status) && !"unavailable".equals(status)) {
        return status; // unavailable: ledger-service restarting or busy, ask again
      }
      Thread.sleep(2_000);
      // re-open: the detail is fetched on demand, not streamed
      WebElement lookup = browser.findElement(By.id("lookup-id"));
      lookup.clear();
      lookup.sendKeys(id, Keys.ENTER);
      Thread.sleep(500);
    }
    return status;
  }

  /** Submits small payments alice ↔ bob through Nginx until stopped (bounded: 60 s). */
  private void startSubmitting() {
    String alice = platform.require("DEMO_ALICE_API_KEY");
    String bob = platform.require("DEMO_BOB_API_KEY");
    submitting.set(true);
    submitter =
        Thread.ofVirtual()
            .name("dashboard-it-payments")
            .start(
                () -> {
                  long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                  int i = 0;
                  while (submitting.get() && System.nanoTime() < end) {
                    boolean fromAlice = i++ % 2 == 0;
                    try {
                      HttpResponse<String> response =
                          http.send(
                              HttpRequest.newBuilder(
                                      URI.create(platform.baseUrl() + "/api/v1/payments"))
                                  .timeout(Duration.ofSeconds(5))
                                  .header("X-Api-Key", fromAlice ? alice : bob)
                                  .header("Content-Type", "application/json")
                                  .header("Idempotency-Key", "dashboard-it-" + UUID.randomUUID())
                                  .POST(
                                      HttpRequest.BodyPublishers.ofString(
                                          String.format(
                                              "{\"payer\":\"%s\",\"payee\":\"%s\",\"amount\":{\"value\":%d,"
                                                  + "\"currency\":\"EUR\"},\"reference\":\"dashboard browser test\"}",
                                              fromAlice ? "alice-main" : "bob-main",
                                              fromAlice ? "bob-main" : "alice-main",
                                              1 + i % 7)))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      Matcher id = TX_ID.matcher(response.body());
                      if (response.statusCode() == 202 && id.find()) {
                        accepted.add(id.group(1));
                      } else {
                        refused.incrementAndGet();
                      }
                      Thread.sleep(1_000 / PAYMENTS_PER_SECOND);
                    } catch (InterruptedException interrupted) {
                      return;
                    } catch (IOException unavailable) {
                      refused.incrementAndGet();
                    }
                  }
                });
  }

  private void screenshot() throws IOException {
    Path file = Path.of("target", "dashboard-it", "dashboard.png");
    Files.createDirectories(file.getParent());
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    String copy = System.getProperty("dashboard.screenshot");
    if (copy != null && !copy.isBlank()) {
      Files.copy(file, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private String text(String id) {
    List<WebElement> elements = browser.findElements(By.id(id));
    return elements.isEmpty() ? "" : elements.getFirst().getText();
  }

  private void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier done) {
    try {
      new WebDriverWait(browser, timeout, Duration.ofMillis(250))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .ignoring(NumberFormatException.class)
          .until(driver -> done.getAsBoolean());
    } catch (org.openqa.selenium.TimeoutException late) {
      try {
        screenshot();
      } catch (IOException ignored) {
        // the failure below matters more
      }
      fail(
          "waited "
              + timeout.toSeconds()
              + " s for "
              + what
              + " (url "
              + browser.getCurrentUrl()
              + ", stream: "
              + text("conn")
              + ", payments accepted "
              + accepted.size()
              + ", refused "
              + refused.get()
              + "); screenshot in "
              + "target/dashboard-it/dashboard.png");
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
