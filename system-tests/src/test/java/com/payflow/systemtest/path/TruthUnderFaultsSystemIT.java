package com.payflow.systemtest.path;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.testsupport.RealServers;
import com.payflow.testsupport.Signals;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract of issue 14 under load and real faults, end to end through Nginx: hundreds of
 * concurrent clients pay from one payer that can afford only half of them while the platform's
 * Redis is paused (CLIENT PAUSE) and its Kafka broker frozen (SIGSTOP). Clients behave as
 * docs/api.md tells them: retry with the same key after outcome-unknown, 409, 429, 5xx; stop at 202
 * or a refusal. Then, per key: a final refusal settled nothing, a final 202 settled exactly once,
 * and the payer's balance and Σ = 0 hold.
 */
class TruthUnderFaultsSystemIT {

  private static final int PAYMENTS = 600;

  /** Keys start at this pace, so the run spans every fault window (about 12 s). */
  private static final long START_EVERY_MS = 20;

  private static final int CLIENTS = 200;
  private static final long AMOUNT = 100;
  private static final long AFFORDABLE = PAYMENTS / 2;
  private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(60);
  private static final long REDIS_PAUSE_MS = 1_500;
  private static final long BROKER_FREEZE_MS = 4_000;
  private static final long FIRST_FAULT_AFTER_MS = 500;
  private static final long BETWEEN_FAULTS_MS = 1_000;
  private static final Duration CACHE_SETTLE_WAIT = Duration.ofSeconds(15);

  /** A drift is repaired when two consecutive runs see it (docs/operations.md §3). */
  private static final int RECONCILIATION_RUNS = 3;

  private final SystemApi api = new SystemApi();

  /** What one client finally learnt about its key, and every answer it saw. */
  private record Outcome(String key, String last, List<String> answers) {}

  @Test
  void underLoadAndFaults_everyAnswerIsTrue() throws Exception {
    String payer = api.fundedAccount("alice", AFFORDABLE * AMOUNT);
    String payee = api.fundedAccount("bob", 0);
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    try (ExecutorService clients =
        Executors.newFixedThreadPool(CLIENTS, Thread.ofVirtual().factory())) {
      List<Future<?>> running = new ArrayList<>();
      Future<?> faults =
          Executors.newVirtualThreadPerTaskExecutor()
              .submit(
                  () -> {
                    injectFaults();
                    return null;
                  });
      for (int i = 0; i < PAYMENTS; i++) {
        String key = "truth-" + UUID.randomUUID();
        running.add(clients.submit(() -> outcomes.put(key, payUntilDecided(key, payer, payee))));
        Thread.sleep(START_EVERY_MS);
      }
      for (Future<?> client : running) {
        client.get();
      }
      faults.get();
    }

    Map<String, Long> finals =
        outcomes.values().stream()
            .collect(Collectors.groupingBy(Outcome::last, Collectors.counting()));
    Map<String, Long> seen =
        outcomes.values().stream()
            .flatMap(o -> o.answers().stream())
            .collect(Collectors.groupingBy(answer -> answer, Collectors.counting()));
    // The figures docs/reliability.md quotes: every answer seen, and the final one per key.
    System.out.println("truth-under-faults: answers " + seen + "; final per key " + finals);
    Map<TxId, String> rows = awaitRows(payer, outcomes);
    List<String> falseRefusals = new ArrayList<>();
    List<String> notSettledOnce = new ArrayList<>();
    for (Outcome outcome : outcomes.values()) {
      TxId txId = TxId.forPayment(new ClientId("alice"), outcome.key());
      boolean refused = outcome.last().startsWith("4") || outcome.last().equals("503 not-accepted");
      if (refused && rows.containsKey(txId)) {
        falseRefusals.add(outcome.key() + " " + outcome.answers() + " but " + rows.get(txId));
      }
      if (outcome.last().equals("202") && !"SETTLED".equals(rows.get(txId))) {
        notSettledOnce.add(outcome.key() + " " + outcome.answers() + " row " + rows.get(txId));
      }
    }
    assertThat(falseRefusals).as("refused, yet settled (finals %s)", finals).isEmpty();
    assertThat(notSettledOnce).as("accepted, yet not settled (finals %s)", finals).isEmpty();
    long settled = rows.values().stream().filter("SETTLED"::equals).count();
    long accepted = finals.getOrDefault("202", 0L);
    assertThat(settled).as("settled rows = final 202s (finals %s)", finals).isEqualTo(accepted);
    assertThat(accepted).as("no overdraft (finals %s)", finals).isLessThanOrEqualTo(AFFORDABLE);
    long payerLeft = (AFFORDABLE - settled) * AMOUNT;
    assertThat(api.balances(payer).booked()).isEqualTo(payerLeft);
    if (accepted < AFFORDABLE) {
      // A payment refused while the last funds were held by an attempt in doubt that was later
      // released is a true refusal (nothing of it settles), but the funds must not stay
      // stranded: once everything settled, the cached available balance equals the booked one.
      List<String> refusedAfterRetries =
          outcomes.values().stream()
              .filter(o -> o.last().startsWith("422") && o.answers().size() > 1)
              .map(o -> o.key() + " " + o.answers())
              .toList();
      System.out.println(
          "truth-under-faults: "
              + (AFFORDABLE - accepted)
              + " affordable"
              + " payments refused while funds were held in doubt; refused after retries: "
              + refusedAfterRetries);
      try {
        api.awaitAvailable(payer, payerLeft, CACHE_SETTLE_WAIT);
      } catch (AssertionError belowBooked) {
        // The race docs/reliability.md lists as a known limit (a retry's hold closed by a late
        // first SETTLED: the cache too low, never too high) is repaired by reconciliation, so
        // the test runs it as the operator would; funds still stranded after it are a bug.
        System.out.println(
            "truth-under-faults: cache below booked before reconciliation: "
                + api.balances(payer)
                + ", holds "
                + heldKeys(payer, outcomes));
        for (int run = 0; run < RECONCILIATION_RUNS; run++) {
          api.reconcile();
        }
        try {
          api.awaitAvailable(payer, payerLeft, CACHE_SETTLE_WAIT);
        } catch (AssertionError stranded) {
          System.out.println("truth-under-faults: stranded holds " + heldKeys(payer, outcomes));
          throw stranded;
        }
      }
    }
    assertThat(api.balances(payee).booked()).isEqualTo(settled * AMOUNT);
    assertThat(api.awaitInvariants().violations()).isEmpty();
  }

  /** One client: the same key until a decided answer or the deadline. */
  private Outcome payUntilDecided(String key, String payer, String payee) {
    List<String> answers = new ArrayList<>();
    long deadline = System.nanoTime() + CLIENT_DEADLINE.toNanos();
    String last = "none";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer;
      try {
        answer = api.pay(api.alice, key, payer, payee, AMOUNT);
        last = classify(answer);
      } catch (RuntimeException connectionFailed) {
        // Like a timeout: the request may have been processed, so the client retries the key.
        Throwable cause =
            connectionFailed.getCause() != null ? connectionFailed.getCause() : connectionFailed;
        last = "io-error " + cause.getClass().getSimpleName();
      }
      answers.add(last);
      if (last.equals("202") || last.startsWith("422")) {
        break;
      }
      sleepQuietly(last.equals("503 outcome-unknown") ? 200 : 300);
    }
    return new Outcome(key, last, answers);
  }

  private static String classify(HttpResponse<String> answer) {
    int status = answer.statusCode();
    String body = answer.body();
    if (status == 503 && body.contains("/outcome-unknown")) {
      return "503 outcome-unknown";
    }
    if (status == 503
        && (body.contains("/enqueue-failed") || body.contains("/temporarily-unavailable"))) {
      return "503 not-accepted";
    }
    if (status == 422 && body.contains("/insufficient-funds")) {
      return "422 insufficient-funds";
    }
    return Integer.toString(status);
  }

  /**
   * Freezes the broker once, then pauses Redis twice, while the clients run: early, because the
   * payer's funds (half of the payments) are held within the first seconds.
   */
  private void injectFaults() throws InterruptedException {
    OptionalLong broker = api.platform.kafkaPid();
    Thread.sleep(FIRST_FAULT_AFTER_MS);
    if (broker.isPresent()) {
      Signals.stop(broker.getAsLong());
      try {
        Thread.sleep(BROKER_FREEZE_MS);
      } finally {
        Signals.resume(broker.getAsLong());
      }
    }
    try (RedisClient client = RedisClient.create(RealServers.get().redisUri());
        StatefulRedisConnection<String, String> redis = client.connect()) {
      for (int pause = 0; pause < 2; pause++) {
        Thread.sleep(BETWEEN_FAULTS_MS);
        redis.sync().clientPause(REDIS_PAUSE_MS);
      }
    }
  }

  /** Each hold left on the payer, with the key that took it and what its client saw. */
  private static List<String> heldKeys(String payer, Map<String, Outcome> outcomes) {
    Map<String, Outcome> byTx =
        outcomes.values().stream()
            .collect(
                Collectors.toMap(
                    o -> TxId.forPayment(new ClientId("alice"), o.key()).toString(), o -> o));
    try (RedisClient client = RedisClient.create(RealServers.get().redisUri());
        StatefulRedisConnection<String, String> redis = client.connect()) {
      AccountId account = new AccountId(payer);
      return redis.sync().hgetall(RedisKeys.holds(account)).keySet().stream()
          .map(
              tx -> {
                Outcome owner = byTx.get(tx);
                Map<String, String> record =
                    owner == null
                        ? Map.of()
                        : redis
                            .sync()
                            .hgetall(
                                RedisKeys.idempotency(
                                    account, new ClientId("alice"), keyHash(owner.key())));
                record.remove("body");
                return tx + " " + (owner == null ? "no key" : owner.answers()) + " " + record;
              })
          .toList();
    }
  }

  /** The gateway's fingerprint of an Idempotency-Key inside Redis keys (SHA-256, hex). */
  private static String keyHash(String key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The payer's rows once settlement has caught up with every accepted payment. */
  private Map<TxId, String> awaitRows(String payer, Map<String, Outcome> outcomes)
      throws Exception {
    long accepted = outcomes.values().stream().filter(o -> o.last().equals("202")).count();
    long deadline = System.nanoTime() + SystemApi.SETTLE_TIMEOUT.toNanos();
    Map<TxId, String> rows = api.rowsOfPayer(payer);
    while (rows.size() < accepted && System.nanoTime() < deadline) {
      Thread.sleep(200);
      rows = api.rowsOfPayer(payer);
    }
    return rows;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
