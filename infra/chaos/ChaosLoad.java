import com.payflow.client.PayflowClient;
import com.payflow.client.PaymentRequest;
import com.payflow.client.ProblemKind;
import com.payflow.client.RetryPolicy;
import com.payflow.client.SubmitResult;
import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import java.io.PrintWriter;
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

/**
 * Steady payment load for the fault suite, through payflow-client ({@code java -cp
 * 'payflow-cli/target/lib/*' ChaosLoad.java …}). Payments
 * among the accounts chaos-0000..chaos-(N-1) (owner: the bench client), same- and cross-shard
 * at random, ~8% more than any balance (refused 422 insufficient-funds), ~2% to an unknown
 * payee (REJECTED by settlement). The client retries 5xx, 409, 429 and I/O errors with the SAME
 * Idempotency-Key (bounded: {@link #RETRIES}, about a minute), so a fault never makes it pay
 * twice, and never reports a refusal after an ambiguous answer (that counts as "failed": the
 * suite then checks what the shards did with it). Loopback only.
 *
 * <p>Usage: {@code java ChaosLoad.java SECONDS RATE ACCOUNTS OUT_DIR TAG} with BENCH_API_KEY and
 * NGINX_PORT in the environment. Writes OUT_DIR/accepted.tsv (txId, payer, payee, amount,
 * first attempt ms, accepted ms) and prints one summary line
 * {@code offered=… accepted=… refused_insufficient=… refused_other=… failed=… retries=…}.
 */
public class ChaosLoad {

  /** About a minute of attempts: Retry-After (1 s) or backoff from 250 ms up to 1 s. */
  static final RetryPolicy RETRIES =
      new RetryPolicy(60, Duration.ofMillis(250), Duration.ofSeconds(1), 0.2);

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
    PayflowClient client = PayflowClient.builder().baseUrl(base).apiKey(key)
        .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(10))
        .retries(RETRIES).build();
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
        PaymentRequest payment = new PaymentRequest(AccountId.of(payer), AccountId.of(payee),
            Money.of(amount, "EUR"), "chaos " + tag);
        inFlight.acquire();
        count(counts, "offered");
        workers.submit(() -> {
          try {
            submit(client, payment, idem, counts, accepted);
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

  private static void submit(PayflowClient client, PaymentRequest payment, String idem,
      Map<String, LongAdder> counts, ConcurrentLinkedQueue<String> accepted) {
    long first = System.currentTimeMillis();
    SubmitResult result = client.submit(payment, idem);
    counts.computeIfAbsent("retries", k -> new LongAdder()).add(result.attempts() - 1);
    switch (result) {
      case SubmitResult.Accepted ok -> {
        if (ok.replayed()) {
          count(counts, "replayed");
        }
        accepted.add(ok.txId() + "\t" + payment.payer() + "\t" + payment.payee() + "\t"
            + payment.amount().value() + "\t" + first + "\t" + System.currentTimeMillis());
        count(counts, "accepted");
      }
      case SubmitResult.Refused refused -> {
        if (refused.problem().kind() == ProblemKind.INSUFFICIENT_FUNDS) {
          count(counts, "refused_insufficient");
        } else {
          count(counts, "refused_other");
          count(counts, "refused_" + refused.problem().status());
        }
      }
      case SubmitResult.OutcomeUnknown unknown -> {
        count(counts, "failed");
        System.err.println("gave up on " + idem + " after " + unknown.attempts()
            + " attempts: " + unknown.lastAnswer());
      }
    }
  }

  private static void count(Map<String, LongAdder> counts, String name) {
    counts.computeIfAbsent(name, k -> new LongAdder()).increment();
  }
}
