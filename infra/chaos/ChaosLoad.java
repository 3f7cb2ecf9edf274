import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady payment load for the fault suite (JDK only: {@code java ChaosLoad.java …}). Payments
 * among the accounts chaos-0000..chaos-(N-1) (owner: the bench client), same- and cross-shard
 * at random, ~8% more than any balance (refused 422 insufficient-funds), ~2% to an unknown
 * payee (REJECTED by settlement). Behaves like a careful client: on 5xx, 409 in-progress or an
 * I/O error it retries with the SAME Idempotency-Key (bounded, 60 s), so a fault never makes it
 * pay twice. Loopback only.
 *
 * <p>Usage: {@code java ChaosLoad.java SECONDS RATE ACCOUNTS OUT_DIR TAG} with BENCH_API_KEY and
 * NGINX_PORT in the environment. Writes OUT_DIR/accepted.tsv (txId, payer, payee, amount,
 * first attempt ms, accepted ms) and prints one summary line
 * {@code offered=… accepted=… refused_insufficient=… refused_other=… failed=… retries=…}.
 */
public class ChaosLoad {

  private static final Pattern TX = Pattern.compile("\"transactionId\":\"([0-9a-f-]{36})\"");

  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(args[0]);
    int rate = Integer.parseInt(args[1]);
    int accounts = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    String tag = args[4];
    String key = System.getenv("BENCH_API_KEY");
    String base = "http://127.0.0.1:" + System.getenv().getOrDefault("NGINX_PORT", "8080");
    if (seconds < 1 || seconds > 900 || rate < 1 || rate > 500 || key == null) {
      throw new IllegalArgumentException("SECONDS 1..900, RATE 1..500, BENCH_API_KEY set");
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
    Random random = new Random(tag.hashCode());
    Semaphore inFlight = new Semaphore(64);
    long start = System.nanoTime();
    long total = (long) seconds * rate;
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long i = 0; i < total; i++) {
        long due = start + i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        int payerIndex = random.nextInt(accounts);
        int payeeIndex = (payerIndex + 1 + random.nextInt(accounts - 1)) % accounts;
        String payer = String.format("chaos-%04d", payerIndex);
        int dice = random.nextInt(100);
        String payee = dice < 2 ? "chaos-nobody" : String.format("chaos-%04d", payeeIndex);
        long amount = dice >= 92 ? 1_000_000_000L + random.nextInt(1000)
            : 1 + random.nextInt(2000);
        String idem = "chaos-" + tag + "-" + i;
        String body = "{\"payer\":\"" + payer + "\",\"payee\":\"" + payee
            + "\",\"amount\":{\"value\":" + amount + ",\"currency\":\"EUR\"},\"reference\":\"chaos "
            + tag + "\"}";
        inFlight.acquire();
        count(counts, "offered");
        workers.submit(() -> {
          try {
            submit(http, base, key, idem, body, payer, payee, amount, counts, accepted);
          } finally {
            inFlight.release();
          }
        });
      }
    }
    Files.createDirectories(out);
    try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(
        out.resolve("accepted.tsv")))) {
      accepted.forEach(writer::println);
    }
    List<String> summary = new ArrayList<>();
    for (String name : List.of("offered", "accepted", "refused_insufficient", "refused_other",
        "failed", "retries", "replayed")) {
      summary.add(name + "=" + counts.getOrDefault(name, new LongAdder()).sum());
    }
    System.out.println(String.join(" ", summary));
  }

  private static void submit(HttpClient http, String base, String key, String idem, String body,
      String payer, String payee, long amount, Map<String, LongAdder> counts,
      ConcurrentLinkedQueue<String> accepted) {
    long first = System.currentTimeMillis();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
            URI.create(base + "/api/v1/payments")).timeout(Duration.ofSeconds(10))
            .header("X-Api-Key", key).header("Idempotency-Key", idem)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        int status = answer.statusCode();
        if (status == 202) {
          Matcher tx = TX.matcher(answer.body());
          tx.find();
          if (answer.headers().firstValue("Idempotent-Replayed").isPresent()) {
            count(counts, "replayed");
          }
          accepted.add(tx.group(1) + "\t" + payer + "\t" + payee + "\t" + amount + "\t" + first
              + "\t" + System.currentTimeMillis());
          count(counts, "accepted");
          return;
        }
        if (status == 422 && answer.body().contains("insufficient-funds")) {
          count(counts, "refused_insufficient");
          return;
        }
        if (status < 500 && status != 409 && status != 429) {
          count(counts, "refused_other");
          count(counts, "refused_" + status);
          return;
        }
        last = Integer.toString(status);
      } catch (IOException failed) {
        last = failed.getClass().getSimpleName();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
      count(counts, "retries");
      try {
        Thread.sleep(250);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    count(counts, "failed");
    System.err.println("gave up on " + idem + " after 60 s: " + last);
  }

  private static void count(Map<String, LongAdder> counts, String name) {
    counts.computeIfAbsent(name, k -> new LongAdder()).increment();
  }
}
