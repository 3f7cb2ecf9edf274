package com.payflow.systemtest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.testsupport.LedgerInvariants;
import com.payflow.testsupport.PlatformState;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.RunningPlatform;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Hostile input through Nginx against the RUNNING platform ({@code ./platform up}): a seeded stream
 * of random and malformed requests to {@code /api/v1/payments} (see {@link HostileRequests}: every
 * one breaks at least one rule that alone refuses it), sent concurrently, plus raw-socket protocol
 * abuse the JDK client refuses to send. Asserts:
 *
 * <ul>
 *   <li>no response 5xx, and no 2xx for a POST (nothing was ever accepted);
 *   <li>every error response is {@code application/problem+json} (Nginx's 413/429 included);
 *   <li>nothing changed: Redis (demo accounts' balance/holds/released/idempotency records), Kafka
 *       ({@code payments.submitted} end offsets) and the shards (Σ balances, row counts) are equal
 *       before and after. When other traffic ran meanwhile (shared platform), the change is
 *       attributed: none of the transaction ids our requests could have produced may appear in
 *       Redis, Kafka or a shard.
 * </ul>
 *
 * Knobs (system properties or environment): {@code fuzz.requests} / {@code FUZZ_REQUESTS} (default
 * 100,000: about 90 s on 2 cores once warm, ~1,100 req/s; lower it for a quick look ), {@code
 * fuzz.seed}, {@code fuzz.concurrency} (32), {@code fuzz.maxSeconds} (600). Loopback only: the base
 * URL is always 127.0.0.1.
 */
class HostileInputIT {

  private static final String TOPIC = "payments.submitted";
  private static final List<String> DEMO_ACCOUNTS =
      List.of("alice-main", "alice-savings", "bob-main", "bob-savings");

  private final RunningPlatform platform = RunningPlatform.fromRunFolder();
  private final PlatformState state = PlatformState.of(platform);

  private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byDefect = new ConcurrentHashMap<>();
  private final Map<String, String> violations = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> violationCounts = new ConcurrentHashMap<>();
  private final Set<String> possibleTxIds = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> lenient = new ConcurrentHashMap<>();
  private final LongAdder ioErrors = new LongAdder();
  private final LongAdder clientRefused = new LongAdder();

  @Test
  void hostileRequests_areAllRefusedAsProblemJson_andChangeNothing() throws Exception {
    int requests = intSetting("fuzz.requests", "FUZZ_REQUESTS", 100_000);
    long seed = Long.parseLong(setting("fuzz.seed", "FUZZ_SEED", "20261125"));
    int concurrency = intSetting("fuzz.concurrency", "FUZZ_CONCURRENCY", 32);
    int maxSeconds = intSetting("fuzz.maxSeconds", "FUZZ_MAX_SECONDS", 600);
    List<HostileRequests.Client> clients =
        List.of(
            new HostileRequests.Client(
                "alice",
                platform.require("DEMO_ALICE_API_KEY"),
                List.of("alice-main", "alice-savings")),
            new HostileRequests.Client(
                "bob", platform.require("DEMO_BOB_API_KEY"), List.of("bob-main", "bob-savings")));
    String run = Long.toString(System.currentTimeMillis(), 36);
    HostileRequests generator =
        new HostileRequests(seed, run, clients, platform.require("PAYFLOW_OPERATOR_API_KEY"));
    Map<String, String> keyToClient =
        Map.of(clients.get(0).apiKey(), "alice", clients.get(1).apiKey(), "bob");

    awaitGatewaysHealthy();
    PlatformState.Snapshot before = state.snapshot(DEMO_ACCOUNTS, TOPIC);
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(maxSeconds);
    AtomicInteger sent = new AtomicInteger();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    Semaphore inFlight = new Semaphore(concurrency);
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
        HostileRequests.Hostile hostile = generator.generate(i);
        rememberPossibleTxIds(hostile, keyToClient);
        inFlight.acquire();
        sent.incrementAndGet();
        workers.submit(
            () -> {
              try {
                send(http, hostile);
              } finally {
                inFlight.release();
              }
            });
      }
      // Protocol-level abuse the JDK client refuses to produce, over raw sockets.
      List<byte[]> raw = rawRequests(clients.get(0).apiKey());
      for (int i = 0; i < raw.size(); i++) {
        int index = i;
        inFlight.acquire();
        workers.submit(
            () -> {
              try {
                sendRaw(index, raw.get(index));
              } finally {
                inFlight.release();
              }
            });
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    // Let anything that was (wrongly) queued reach the shards before comparing.
    Thread.sleep(3000);
    PlatformState.Snapshot after = state.snapshot(DEMO_ACCOUNTS, TOPIC);
    List<String> changes = PlatformState.diff(before, after);
    List<String> ours = attribute(before, after);

    String report = report(seed, requests, sent.get(), seconds, concurrency, changes, ours);
    System.out.println(report);
    // One file per run: several people may run the suite in the same checkout.
    Path out = Path.of("target", "hostile-input-report-" + run + ".txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);

    assertThat(sent.get()).as("requests sent within %d s", maxSeconds).isEqualTo(requests);
    assertThat(violations)
        .as("contract violations (5xx, 2xx on POST, non-problem errors)")
        .isEmpty();
    assertThat(ours).as("state changed by our requests").isEmpty();
    if (after.kafkaTotal() == before.kafkaTotal()) {
      // Nobody else submitted a payment meanwhile: the picture must be identical.
      assertThat(changes).as("state before/after").isEmpty();
    }
    assertThat(ioErrors.sum())
        .as("I/O errors (connection reset without an answer)")
        .isLessThanOrEqualTo(byDefect.getOrDefault("OVERSIZED", new LongAdder()).sum());
    LedgerInvariants.Report ledger =
        LedgerInvariants.check(state::connect, platform.shardDatabases());
    assertThat(ledger.balanceSum()).as("Σ balances").isZero();
  }

  /** A gateway restarted by someone else must not count as our 502. */
  private void awaitGatewaysHealthy() throws Exception {
    HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    String ports = setting("gateway.ports", "GATEWAY_PORTS", "8081 8082");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (String port : ports.trim().split("\\s+")) {
      while (true) {
        try {
          HttpResponse<String> health =
              probe.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (health.body().contains("\"UP\"")) {
            break;
          }
        } catch (IOException notYet) {
          // starting
        }
        assertThat(System.nanoTime()).as("gateway :%s healthy", port).isLessThan(deadline);
        Thread.sleep(500);
      }
    }
  }

  private void send(HttpClient http, HostileRequests.Hostile hostile) {
    HttpRequest request;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(platform.baseUrl() + hostile.path()))
              .timeout(Duration.ofSeconds(20));
      for (Map.Entry<String, String> header : hostile.headers()) {
        builder.header(header.getKey(), header.getValue());
      }
      HttpRequest.BodyPublisher body =
          hostile.body() == null
              ? HttpRequest.BodyPublishers.noBody()
              : hostile.chunked()
                  ? HttpRequest.BodyPublishers.ofInputStream(
                      () -> new ByteArrayInputStream(hostile.body()))
                  : HttpRequest.BodyPublishers.ofByteArray(hostile.body());
      request = builder.method(hostile.method(), body).build();
    } catch (IllegalArgumentException refusedByClient) {
      // The JDK will not send it (restricted method or header value): nothing reached Nginx.
      clientRefused.increment();
      count(byStatus, "client-refused");
      return;
    }
    count(byDefect, hostile.defect().split("[/+]")[0]);
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      check(
          hostile.defect(),
          hostile.method(),
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          hostile.describe());
    } catch (IOException failed) {
      ioErrors.increment();
      count(byStatus, "io:" + hostile.defect());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void check(
      String defect, String method, int status, String contentType, byte[] body, String what) {
    count(byStatus, Integer.toString(status));
    String kind = null;
    if (status == 505
        && "RAW".equals(defect)
        && contentType.startsWith("application/problem+json")) {
      kind = null; // HTTP/9.9 asked for: 505 is the right answer, not a failure of ours
    } else if (status >= 500) {
      kind = "5xx";
    } else if (status >= 200 && status < 300 && "POST".equals(method)) {
      kind = "accepted a hostile POST";
    } else if (status >= 400 && !contentType.startsWith("application/problem+json")) {
      kind = "error not problem+json";
    } else if (status == 422 && defect.startsWith("BAD_JSON")) {
      count(lenient, defect); // parsed although malformed: only the template's 0 refused it
    } else if (status >= 400
        && !"HEAD".equals(method)
        && !new String(body, StandardCharsets.UTF_8).contains("\"status\":" + status)) {
      kind = "problem body without matching status";
    }
    if (kind != null) {
      String key = kind + " | " + defect + " | " + status + " " + contentType.split(";")[0];
      violations.putIfAbsent(
          key,
          what
              + " -> "
              + status
              + " "
              + contentType
              + " "
              + new String(body, 0, Math.min(160, body.length), StandardCharsets.UTF_8)
                  .replace('\n', ' '));
      count(violationCounts, key);
    }
  }

  /** Every (client, Idempotency-Key) pair a request carries could name a transaction id. */
  private void rememberPossibleTxIds(
      HostileRequests.Hostile hostile, Map<String, String> keyToClient) {
    List<String> clients = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, String> header : hostile.headers()) {
      if (header.getKey().equals("X-Api-Key") && keyToClient.containsKey(header.getValue())) {
        clients.add(keyToClient.get(header.getValue()));
      }
      if (header.getKey().equals("Idempotency-Key") && !header.getValue().isEmpty()) {
        keys.add(header.getValue());
      }
    }
    for (String client : clients) {
      for (String key : keys) {
        possibleTxIds.add(TxId.forPayment(new ClientId(client), key).toString());
      }
    }
  }

  /** Changes that are ours: our possible transaction ids in Redis, Kafka or a shard. */
  private List<String> attribute(PlatformState.Snapshot before, PlatformState.Snapshot after)
      throws Exception {
    List<String> ours = new ArrayList<>();
    if (after.kafkaTotal() != before.kafkaTotal()) {
      for (byte[] value :
          state.recordsBetween(TOPIC, before.kafkaEndOffsets(), after.kafkaEndOffsets())) {
        try {
          PaymentSubmitted submitted = EventJson.read(value, PaymentSubmitted.class);
          if (possibleTxIds.contains(submitted.txId().toString())) {
            ours.add("kafka: " + submitted);
          }
        } catch (RuntimeException undecodable) {
          ours.add("kafka: undecodable record appeared");
        }
      }
    }
    long rows = state.transactionRowsOf(possibleTxIds);
    if (rows > 0) {
      ours.add("shards: " + rows + " transaction rows with our ids");
    }
    RedisClient client = RedisClient.create(RealServers.get().redisUri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      var async = connection.async();
      connection.setAutoFlushCommands(false);
      List<io.lettuce.core.RedisFuture<Long>> exists = new ArrayList<>();
      for (String txId : possibleTxIds) {
        exists.add(async.exists(RedisKeys.status(TxId.parse(txId))));
      }
      connection.flushCommands();
      long found = 0;
      for (var future : exists) {
        found += future.get(30, TimeUnit.SECONDS);
      }
      if (found > 0) {
        ours.add("redis: " + found + " {tx:ID} status keys with our ids");
      }
    } finally {
      client.shutdown();
    }
    return ours;
  }

  /** Raw HTTP/1.1 abuse that java.net.http refuses to send. */
  private static List<byte[]> rawRequests(String aliceKey) {
    String body =
        "{\"payer\":\"alice-main\",\"payee\":\"bob-main\",\"amount\":{\"value\":0,"
            + "\"currency\":\"EUR\"}}";
    String common =
        "Host: 127.0.0.1\r\nX-Api-Key: " + aliceKey + "\r\n" + "Content-Type: application/json\r\n";
    List<String> requests =
        new ArrayList<>(
            List.of(
                // conflicting Content-Length (request smuggling attempt)
                "POST /api/v1/payments HTTP/1.1\r\n"
                    + common
                    + "Idempotency-Key: raw-1\r\n"
                    + "Content-Length: 5\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body,
                // Content-Length and Transfer-Encoding together
                "POST /api/v1/payments HTTP/1.1\r\n"
                    + common
                    + "Idempotency-Key: raw-2\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                // unicode and control characters in header values
                "POST /api/v1/payments HTTP/1.1\r\n"
                    + common
                    + "Idempotency-Key: ключ-é\r\n"
                    + "Content-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body,
                "POST /api/v1/payments HTTP/1.1\r\n"
                    + common
                    + "Idempotency-Key: a\u0001b\r\n"
                    + "Content-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body,
                "POST /api/v1/payments HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: \u00e9\u00e9\r\n"
                    + "Content-Type: application/json\r\nIdempotency-Key: raw-5\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body,
                // invalid method token, lower-case method, HTTP/1.0 without Host, absurd version
                "P@ST /api/v1/payments HTTP/1.1\r\nHost: x\r\n\r\n",
                "post /api/v1/payments HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/payments/" + "a".repeat(40) + " HTTP/1.0\r\n\r\n",
                "GET /api/v1/payments HTTP/9.9\r\nHost: x\r\n\r\n",
                // NUL, raw space and raw unicode in the path
                "GET /api/v1/payments/\u0000x HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/payments/a b HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/payments/é HTTP/1.1\r\nHost: x\r\n\r\n",
                // a header line far larger than any buffer; many headers
                "GET /api/v1/payments/x HTTP/1.1\r\nHost: x\r\nX-Api-Key: "
                    + "k".repeat(40_000)
                    + "\r\n\r\n",
                "GET /api/v1/payments/x HTTP/1.1\r\nHost: x\r\n"
                    + "X-A: 1\r\n".repeat(2000)
                    + "\r\n",
                // header without colon, obsolete line folding, bare LF line endings
                "GET /api/v1/payments/x HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n",
                "GET /api/v1/payments/x HTTP/1.1\r\nHost: x\r\nX-Api-Key: a\r\n b\r\n\r\n",
                "GET /api/v1/payments/x HTTP/1.1\nHost: x\n\n",
                // chunked body with a bad chunk size
                "POST /api/v1/payments HTTP/1.1\r\n"
                    + common
                    + "Idempotency-Key: raw-18\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n",
                // absolute-form target to another host (proxy abuse)
                "GET http://169.254.169.254/latest/meta-data HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n",
                // Expect: 100-continue with an oversized declared length
                "POST /api/v1/payments HTTP/1.1\r\n"
                    + common
                    + "Idempotency-Key: raw-20\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 999999999\r\n\r\n"));
    return requests.stream().map(r -> r.getBytes(StandardCharsets.UTF_8)).toList();
  }

  private void sendRaw(int index, byte[] request) {
    count(byDefect, "RAW");
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress("127.0.0.1", URI.create(platform.baseUrl()).getPort()), 2000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      byte[] answer = in.readNBytes(8192);
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      if (text.isEmpty()) {
        count(byStatus, "raw-closed");
        return;
      }
      int status = Integer.parseInt(text.substring(9, 12));
      String contentType = "";
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-type:")) {
          contentType = line.substring(13).trim();
        }
        if (line.isEmpty()) {
          break;
        }
      }
      int bodyStart = text.indexOf("\r\n\r\n");
      byte[] body =
          bodyStart < 0
              ? new byte[0]
              : text.substring(bodyStart + 4).getBytes(StandardCharsets.ISO_8859_1);
      String first =
          new String(request, 0, Math.min(100, request.length), StandardCharsets.UTF_8)
              .replace("\r\n", "⏎");
      check("RAW", "RAW", status, contentType, body, "raw #" + index + " " + first);
    } catch (IOException | RuntimeException failed) {
      count(byStatus, "raw-io");
    }
  }

  private String report(
      long seed,
      int requested,
      int sent,
      double seconds,
      int concurrency,
      List<String> changes,
      List<String> ours) {
    StringBuilder out = new StringBuilder("\n==== hostile input report ====\n");
    out.append(
        String.format(
            "seed %d, requested %d, sent %d (+ raw), %.1f s, %.0f req/s, " + "concurrency %d%n",
            seed, requested, sent, seconds, sent / seconds, concurrency));
    out.append("by status: ").append(sorted(byStatus)).append('\n');
    out.append("by defect: ").append(sorted(byDefect)).append('\n');
    out.append("malformed JSON variants parsed anyway (refused by the 0 amount): ")
        .append(sorted(lenient))
        .append('\n');
    out.append("client-refused: ")
        .append(clientRefused.sum())
        .append(", io errors: ")
        .append(ioErrors.sum())
        .append('\n');
    out.append("possible tx ids checked: ").append(possibleTxIds.size()).append('\n');
    out.append("state changes: ").append(changes.isEmpty() ? "none" : changes).append('\n');
    out.append("attributed to us: ").append(ours.isEmpty() ? "none" : ours).append('\n');
    out.append("violations: ").append(violations.isEmpty() ? "none" : "").append('\n');
    List<String> keys = new ArrayList<>(violations.keySet());
    Collections.sort(keys);
    for (String key : keys) {
      out.append("  [")
          .append(violationCounts.get(key).sum())
          .append("×] ")
          .append(key)
          .append("\n      e.g. ")
          .append(violations.get(key))
          .append('\n');
    }
    return out.toString();
  }

  private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((key, value) -> out.put(key, value.sum()));
    return out;
  }

  private static void count(Map<String, LongAdder> counts, String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int intSetting(String property, String env, int fallback) {
    return Integer.parseInt(setting(property, env, Integer.toString(fallback)));
  }
}
