import java.io.IOException;
import java.io.PrintWriter;
import com.payflow.client.PayflowClient;
import com.payflow.client.PaymentRequest;
import com.payflow.client.RetryPolicy;
import com.payflow.client.SubmitResult;
import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * End-to-end benchmark tools ({@code java -cp 'payflow-cli/target/lib/*' E2eBench.java …}: the
 * load goes through payflow-client).
 *
 * <pre>
 * load  SECONDS RATE ACCOUNTS OUT_DIR TAG   open-loop load at a FIXED offered rate through Nginx
 * pct   FILE COLUMN                          p50 / p99 / max of one numeric TSV column
 * chart TIMELINE_TSV TITLE OUT_SVG            throughput and lag over time as an SVG line chart
 * </pre>
 *
 * <p>{@code load}: payments among bench-0000..bench-(N-1) (funded, owner: the bench client), one
 * unique Idempotency-Key each, sent on schedule whether or not earlier ones were answered (an
 * open loop: a slow system cannot slow the offered rate down, only leave requests waiting, up
 * to {@link #MAX_IN_FLIGHT}; beyond that a payment counts as "dropped"). Writes
 * OUT_DIR/accepted.tsv (txId, submit ms, accepted ms) and OUT_DIR/offered.tsv (second, offered,
 * accepted, refused, failed, dropped) and prints one summary line. Needs BENCH_API_KEY and
 * NGINX_PORT in the environment. Loopback only.
 */
public class E2eBench {

  private static final int MAX_IN_FLIGHT = 2_000;
  private static final int MAX_RATE = 100_000;
  private static final int MAX_SECONDS = 600;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Money ONE_CENT = Money.of(1, "EUR");

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "load" -> load(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
          Integer.parseInt(args[3]), Path.of(args[4]), args[5]);
      case "pct" -> percentiles(Path.of(args[1]), Integer.parseInt(args[2]));
      case "chart" -> chart(Path.of(args[1]), args[2], Path.of(args[3]));
      default -> throw new IllegalArgumentException("usage: load|pct|chart (see Javadoc)");
    }
  }

  // ---- load --------------------------------------------------------------------------------

  static void load(int seconds, int rate, int accounts, Path out, String tag) throws Exception {
    String key = System.getenv("BENCH_API_KEY");
    String base = "http://127.0.0.1:" + System.getenv().getOrDefault("NGINX_PORT", "8080");
    if (seconds < 1 || seconds > MAX_SECONDS || rate < 1 || rate > MAX_RATE || accounts < 2
        || key == null) {
      throw new IllegalArgumentException("SECONDS 1.." + MAX_SECONDS + ", RATE 1.." + MAX_RATE
          + ", ACCOUNTS >= 2, BENCH_API_KEY set");
    }
    // One attempt per payment (RetryPolicy.NONE): a retry would change the offered rate, which an
    // open loop must keep fixed; everything else (body, key, answer types) is the client's.
    PayflowClient client = PayflowClient.builder().baseUrl(base).apiKey(key)
        .connectTimeout(Duration.ofSeconds(2)).requestTimeout(REQUEST_TIMEOUT)
        .retries(RetryPolicy.NONE).build();
    // Columns per second: offered, accepted, refused, failed, dropped.
    AtomicLongArray perSecond = new AtomicLongArray((seconds + 1) * 5);
    ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
    Random random = new Random(tag.hashCode());
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    long start = System.nanoTime();
    long total = (long) seconds * rate;
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long i = 0; i < total; i++) {
        long due = start + i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        int second = (int) (i / rate);
        perSecond.incrementAndGet(second * 5);
        if (!inFlight.tryAcquire()) {
          perSecond.incrementAndGet(second * 5 + 4);
          continue;
        }
        int payer = random.nextInt(accounts);
        int payee = (payer + 1 + random.nextInt(accounts - 1)) % accounts;
        PaymentRequest payment = new PaymentRequest(account(payer), account(payee),
            ONE_CENT, "e2e " + tag);
        String idem = "e2e-" + tag + "-" + i;
        senders.submit(() -> {
          try {
            send(client, payment, idem, second, perSecond, accepted);
          } finally {
            inFlight.release();
          }
        });
      }
    }
    Files.createDirectories(out);
    Files.write(out.resolve("accepted.tsv"), accepted);
    long[] sums = new long[5];
    try (PrintWriter timeline = new PrintWriter(Files.newBufferedWriter(
        out.resolve("offered.tsv")))) {
      for (int s = 0; s < seconds; s++) {
        long[] row = new long[5];
        for (int c = 0; c < 5; c++) {
          row[c] = perSecond.get(s * 5 + c);
          sums[c] += row[c];
        }
        timeline.printf("%d\t%d\t%d\t%d\t%d\t%d%n", s, row[0], row[1], row[2], row[3], row[4]);
      }
    }
    System.out.printf("E2E_LOAD offered=%d accepted=%d refused=%d failed=%d dropped=%d%n",
        sums[0], sums[1], sums[2], sums[3], sums[4]);
  }

  private static AccountId account(int index) {
    return AccountId.of(String.format(Locale.ROOT, "bench-%04d", index));
  }

  private static void send(PayflowClient client, PaymentRequest payment, String idem, int second,
      AtomicLongArray perSecond, ConcurrentLinkedQueue<String> accepted) {
    long submitted = System.currentTimeMillis();
    switch (client.submit(payment, idem)) {
      case SubmitResult.Accepted ok -> {
        accepted.add(ok.txId() + "\t" + submitted + "\t" + System.currentTimeMillis());
        perSecond.incrementAndGet(second * 5 + 1);
      }
      case SubmitResult.Refused refused -> perSecond.incrementAndGet(second * 5 + 2);
      // No answer at all (connection failed, timed out): "failed"; any other answer: "refused"
      // (not accepted), as before the client was used.
      case SubmitResult.OutcomeUnknown unknown -> perSecond.incrementAndGet(
          second * 5 + (unknown.lastAnswer().startsWith("no answer") ? 3 : 2));
    }
  }

  // ---- percentiles -------------------------------------------------------------------------

  static void percentiles(Path file, int column) throws IOException {
    double[] values = Files.readAllLines(file).stream().filter(line -> !line.isBlank())
        .map(line -> line.split("\t")).filter(cells -> cells.length > column)
        .mapToDouble(cells -> Double.parseDouble(cells[column])).sorted().toArray();
    if (values.length == 0) {
      System.out.println("PCT n=0 p50=? p99=? max=?");
      return;
    }
    System.out.printf(Locale.ROOT, "PCT n=%d p50=%.0f p99=%.0f max=%.0f%n", values.length,
        rank(values, 0.50), rank(values, 0.99), values[values.length - 1]);
  }

  private static double rank(double[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  // ---- chart -------------------------------------------------------------------------------

  private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#d62728", "#9467bd",
      "#ff7f0e", "#8c564b"};

  /**
   * TIMELINE_TSV: a header line naming the columns (first: second), then one row per second.
   * Columns whose name ends in "_ms" or "lag" are drawn against a second axis on the right.
   */
  static void chart(Path timeline, String title, Path out) throws IOException {
    List<String> lines = Files.readAllLines(timeline);
    String[] names = lines.getFirst().split("\t");
    List<double[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(Arrays.stream(line.split("\t")).mapToDouble(Double::parseDouble).toArray());
      }
    }
    int width = 900;
    int height = 360;
    int left = 70;
    int right = 80;
    int top = 40;
    int bottom = 50;
    double maxX = Math.max(1, rows.isEmpty() ? 1 : rows.getLast()[0]);
    double maxLeft = 1;
    double maxRight = 1;
    for (double[] row : rows) {
      for (int c = 1; c < names.length && c < row.length; c++) {
        if (secondAxis(names[c])) {
          maxRight = Math.max(maxRight, row[c]);
        } else {
          maxLeft = Math.max(maxLeft, row[c]);
        }
      }
    }
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d'"
        + " height='%d' font-family='sans-serif' font-size='12'>%n", width, height));
    svg.append("<rect width='100%' height='100%' fill='white'/>\n");
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='22' font-size='15'>%s</text>%n",
        left, escape(title)));
    int plotW = width - left - right;
    int plotH = height - top - bottom;
    svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d'"
        + " fill='none' stroke='#999'/>%n", left, top, plotW, plotH));
    for (int tick = 0; tick <= 4; tick++) {
      double y = top + plotH - plotH * tick / 4.0;
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%.0f"
          + "</text>%n", left - 6, y + 4, maxLeft * tick / 4));
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f'>%.0f</text>%n",
          left + plotW + 6, y + 4, maxRight * tick / 4));
      svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f'"
          + " stroke='#eee'/>%n", left, left + plotW, y, y));
    }
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>0 s</text>%n", left,
        height - bottom + 18));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%.0f s"
        + "</text>%n", left + plotW, height - bottom + 18, maxX));
    svg.append(String.format(Locale.ROOT, "<text x='12' y='%d'>per second</text>%n", top - 8));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>lag, records"
        + "</text>%n", width - 8, top - 8));
    for (int c = 1; c < names.length; c++) {
      double scale = secondAxis(names[c]) ? maxRight : maxLeft;
      StringBuilder points = new StringBuilder();
      for (double[] row : rows) {
        if (c < row.length) {
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
              left + plotW * row[0] / maxX, top + plotH - plotH * row[c] / scale));
        }
      }
      String colour = COLOURS[(c - 1) % COLOURS.length];
      svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s'"
          + " stroke-width='1.6'%s points='%s'/>%n", colour,
          secondAxis(names[c]) ? " stroke-dasharray='5,3'" : "", points.toString().trim()));
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='%s'>%s%s</text>%n",
          left + 10 + (c - 1) * 140, height - 12, colour, escape(names[c]),
          secondAxis(names[c]) ? " (right)" : ""));
    }
    svg.append("</svg>\n");
    Files.writeString(out, svg);
  }

  private static boolean secondAxis(String column) {
    return column.endsWith("_ms") || column.endsWith("lag");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
