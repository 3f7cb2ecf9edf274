package com.payflow.client;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.CurrencyCodes;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.proof.ProofVerificationException;
import com.payflow.contracts.proof.ProofVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * payflow's HTTP API for Java callers, with the money semantics built in (docs/api.md): a payment
 * gets one Idempotency-Key that every retry reuses; answers are typed; an ambiguous answer is never
 * turned into a refusal; receipts are verified offline.
 *
 * <p>Thread-safe and cheap to share (one JDK {@link HttpClient}); blocking calls, fine on virtual
 * threads. Build with {@link #builder()}.
 */
public final class PayflowClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String API_KEY = "X-Api-Key";
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String REPLAYED = "Idempotent-Replayed";
  private static final int ACCEPTED = 202;
  private static final int CONFLICT = 409;
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int SERVICE_UNAVAILABLE = 503;
  private static final int CLIENT_ERRORS = 400;
  private static final int SERVER_ERRORS = 500;

  /** Status polls start this often and slow down to {@link #MAX_POLL}. */
  private static final Duration FIRST_POLL = Duration.ofMillis(100);

  private static final Duration MAX_POLL = Duration.ofSeconds(1);

  /** Largest history page the server serves (transaction-service query limit). */
  public static final int MAX_HISTORY_PAGE = 500;

  private final URI baseUrl;
  private final String apiKey;
  private final Duration requestTimeout;
  private final RetryPolicy retries;
  private final HttpClient http;
  private final Sleeper sleeper;

  /** Waits between attempts; tests replace it to observe the waits. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private PayflowClient(Builder builder) {
    this.baseUrl = builder.baseUrl;
    this.apiKey = builder.apiKey;
    this.requestTimeout = builder.requestTimeout;
    this.retries = builder.retries;
    this.sleeper = builder.sleeper;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout);
    if ("http".equals(baseUrl.getScheme())) {
      // Cleartext: no h2c upgrade attempt on every new connection (Nginx answers HTTP/1.1).
      http.version(HttpClient.Version.HTTP_1_1);
    }
    this.http = http.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Submits a new payment under a fresh Idempotency-Key (a random UUID). */
  public SubmitResult submit(PaymentRequest payment) {
    return submit(payment, UUID.randomUUID().toString());
  }

  /**
   * Submits {@code payment} under {@code idempotencyKey}, retrying with that same key within the
   * retry budget until a definitive answer.
   */
  public SubmitResult submit(PaymentRequest payment, String idempotencyKey) {
    Objects.requireNonNull(payment, "payment");
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("an Idempotency-Key is required");
    }
    byte[] body = JSON.writeValueAsBytes(bodyOf(payment));
    boolean mayHaveBeenQueued = false;
    String last = "no attempt";
    for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
      Attempt outcome = attempt(body, idempotencyKey);
      last = outcome.describe();
      switch (outcome.verdict()) {
        case ACCEPTED -> {
          return accepted(idempotencyKey, outcome.response(), attempt);
        }
        case REFUSED -> {
          if (!mayHaveBeenQueued) {
            return new SubmitResult.Refused(idempotencyKey, outcome.problem(), attempt);
          }
          // An earlier attempt may be in Kafka (its answer was lost): a refusal now would only
          // describe this attempt, so it is not a refusal of the payment.
          return new SubmitResult.OutcomeUnknown(idempotencyKey, true, last, attempt);
        }
        case RETRY_MAYBE_QUEUED -> mayHaveBeenQueued = true;
        case RETRY_NOT_QUEUED -> {
          // this attempt queued nothing; earlier ones keep whatever they did
        }
      }
      if (attempt < retries.maxAttempts()) {
        pause(retries.delayAfter(attempt, outcome.retryAfter()));
      }
    }
    return new SubmitResult.OutcomeUnknown(
        idempotencyKey, mayHaveBeenQueued, last, retries.maxAttempts());
  }

  /** Resumes a submission whose outcome was unknown: the same payment under the same key. */
  public SubmitResult resume(SubmitResult.OutcomeUnknown unknown, PaymentRequest payment) {
    return submit(payment, unknown.idempotencyKey());
  }

  /** The payment's state now. */
  public PaymentState status(TxId txId) {
    JsonNode body = getJson("/api/v1/payments/" + txId);
    String status = body.path("status").asString("");
    return switch (status) {
      case "SETTLED" -> new PaymentState.Settled(txId);
      case "REJECTED" -> new PaymentState.Rejected(txId, body.path("reason").asString(""));
      default -> new PaymentState.Pending(txId, status);
    };
  }

  /**
   * Polls until the payment is SETTLED or REJECTED, or {@code timeout} passed (then the last
   * pending state). A transient 503 (status not yet known) is polled through.
   */
  public PaymentState await(TxId txId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration wait = FIRST_POLL;
    PaymentState last = new PaymentState.Pending(txId, "UNKNOWN");
    while (true) {
      try {
        last = status(txId);
        if (!(last instanceof PaymentState.Pending)) {
          return last;
        }
      } catch (PayflowException transientOrNot) {
        Problem problem = transientOrNot.problem();
        if (problem == null || problem.status() != SERVICE_UNAVAILABLE) {
          throw transientOrNot;
        }
      }
      if (System.nanoTime() + wait.toNanos() > deadline) {
        return last;
      }
      pause(wait);
      wait = wait.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : wait.multipliedBy(2);
    }
  }

  /** Booked and available balance of one of the caller's accounts (the operator: any). */
  public Balance balance(AccountId account) {
    JsonNode body = getJson("/api/v1/accounts/" + encode(account.value()));
    JsonNode available = body.get("available");
    return new Balance(
        account,
        body.path("status").asString(),
        CurrencyCodes.parse(body.path("currency").asString()),
        body.path("balance").asLong(),
        available == null || available.isNull() ? null : available.asLong());
  }

  /** The account's postings, newest first, fetched page by page as the iteration goes. */
  public Iterable<HistoryEntry> history(AccountId account, int pageSize) {
    if (pageSize < 1 || pageSize > MAX_HISTORY_PAGE) {
      throw new IllegalArgumentException("page size must be 1.." + MAX_HISTORY_PAGE);
    }
    return () -> new HistoryPages(account, pageSize);
  }

  /** Opens an account for {@code owner} (operator key only); its id is {@code id}. */
  public AccountId openAccount(AccountId id, String owner, Currency currency) {
    ObjectNode body = JSON.createObjectNode();
    body.put("owner", owner);
    body.put("currency", currency.getCurrencyCode());
    body.put("id", id.value());
    HttpResponse<String> response =
        send(
            request("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    return AccountId.of(json(requireSuccess(response)).path("id").asString());
  }

  /** Funds an account (operator key only); idempotent per key. Returns the funding's tx id. */
  public TxId fund(AccountId account, Money amount, String idempotencyKey) {
    ObjectNode body = JSON.createObjectNode();
    body.put("value", amount.value());
    body.put("currency", amount.currencyCode());
    HttpResponse<String> response =
        send(
            request("/api/v1/accounts/" + encode(account.value()) + "/funding")
                .header(IDEMPOTENCY_KEY, idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    return TxId.parse(json(requireSuccess(response)).path("transactionId").asString());
  }

  /** The ledger's signed chain head. */
  public JsonNode chainHead() {
    return getJson("/api/v1/chain/head");
  }

  /** The payment's proof file as the ledger serves it (unverified). */
  public JsonNode proof(TxId txId) {
    return getJson("/api/v1/transactions/" + txId + "/proof");
  }

  /**
   * Fetches the payment's proof and verifies it offline against {@code pinnedKeys} (key id → ledger
   * public key, obtained out of band: the server is not trusted to name its own key).
   *
   * @throws ProofVerificationException when any check fails (e.g. another ledger's key)
   */
  public Receipt receipt(TxId txId, Map<String, PublicKey> pinnedKeys)
      throws ProofVerificationException {
    ProofVerifier.Verified verified = new ProofVerifier(pinnedKeys).verify(proof(txId));
    return new Receipt(
        txId, verified.block().height(), verified.logIndex(), verified.head().height(), verified);
  }

  // --- submission attempts ---------------------------------------------------------------

  private enum Verdict {
    ACCEPTED,
    REFUSED,
    RETRY_MAYBE_QUEUED,
    RETRY_NOT_QUEUED
  }

  private record Attempt(
      Verdict verdict,
      HttpResponse<String> response,
      Problem problem,
      Duration retryAfter,
      String failure) {

    String describe() {
      if (failure != null) {
        return failure;
      }
      return problem != null ? problem.toString() : Integer.toString(response.statusCode());
    }
  }

  private Attempt attempt(byte[] body, String idempotencyKey) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request("/api/v1/payments")
                  .header(IDEMPOTENCY_KEY, idempotencyKey)
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException noAnswer) {
      // Sent, maybe processed, answer lost (or never sent: we cannot tell which).
      return new Attempt(Verdict.RETRY_MAYBE_QUEUED, null, null, null, "no answer: " + noAnswer);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new PayflowException("interrupted while submitting", null, interrupted);
    }
    int status = response.statusCode();
    if (status == ACCEPTED) {
      return new Attempt(Verdict.ACCEPTED, response, null, null, null);
    }
    Problem problem = Problems.parse(response);
    Duration retryAfter = retryAfter(response);
    Verdict verdict;
    if (status == CONFLICT || status >= SERVER_ERRORS && !certainlyNotQueued(problem)) {
      verdict = Verdict.RETRY_MAYBE_QUEUED;
    } else if (status == TOO_MANY_REQUESTS || status >= SERVER_ERRORS) {
      verdict = Verdict.RETRY_NOT_QUEUED;
    } else if (status >= CLIENT_ERRORS) {
      verdict = Verdict.REFUSED;
    } else {
      // 2xx other than 202, or 3xx: not part of the contract, so not a known outcome.
      verdict = Verdict.RETRY_MAYBE_QUEUED;
    }
    return new Attempt(verdict, response, problem, retryAfter, null);
  }

  /** The 503s after which the gateway guarantees this attempt queued nothing (docs/api.md). */
  private static boolean certainlyNotQueued(Problem problem) {
    return switch (problem.kind()) {
      case ENQUEUE_FAILED, TEMPORARILY_UNAVAILABLE, BALANCE_CACHE_WARMING -> true;
      default -> false;
    };
  }

  private static SubmitResult.Accepted accepted(
      String key, HttpResponse<String> response, int attempts) {
    JsonNode body = json(response);
    return new SubmitResult.Accepted(
        key,
        TxId.parse(body.path("transactionId").asString()),
        URI.create(body.path("statusUrl").asString()),
        response.headers().firstValue(REPLAYED).map("true"::equalsIgnoreCase).orElse(false),
        attempts);
  }

  private static Map<String, Object> bodyOf(PaymentRequest payment) {
    Map<String, Object> amount = new LinkedHashMap<>();
    amount.put("value", payment.amount().value());
    amount.put("currency", payment.amount().currencyCode());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("payer", payment.payer().value());
    body.put("payee", payment.payee().value());
    body.put("amount", amount);
    body.put("reference", payment.reference());
    return body;
  }

  private static Duration retryAfter(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(value -> value.matches("\\d{1,9}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value)))
        .orElse(null);
  }

  // --- plumbing ----------------------------------------------------------------------------

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(baseUrl.resolve(path))
        .timeout(requestTimeout)
        .header(API_KEY, apiKey);
  }

  private JsonNode getJson(String path) {
    return json(requireSuccess(send(request(path).GET())));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException failed) {
      throw new PayflowException("no answer from payflow: " + failed, null, failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new PayflowException("interrupted", null, interrupted);
    }
  }

  private static HttpResponse<String> requireSuccess(HttpResponse<String> response) {
    if (response.statusCode() >= CLIENT_ERRORS) {
      Problem problem = Problems.parse(response);
      throw new PayflowException(problem.toString(), problem, null);
    }
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (JacksonException notJson) {
      throw new PayflowException(
          "payflow answered " + response.statusCode() + " with a body that is not JSON",
          null,
          notJson);
    }
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new PayflowException("interrupted while waiting to retry", null, interrupted);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Iterates history pages lazily, following {@code nextCursor}. */
  private final class HistoryPages implements Iterator<HistoryEntry> {
    private final AccountId account;
    private final int pageSize;
    private final List<HistoryEntry> page = new ArrayList<>();
    private String cursor;
    private boolean lastPage;

    HistoryPages(AccountId account, int pageSize) {
      this.account = account;
      this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
      if (page.isEmpty() && !lastPage) {
        fetch();
      }
      return !page.isEmpty();
    }

    @Override
    public HistoryEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.removeFirst();
    }

    private void fetch() {
      String path =
          "/api/v1/accounts/"
              + encode(account.value())
              + "/transactions?limit="
              + pageSize
              + (cursor == null ? "" : "&cursor=" + encode(cursor));
      JsonNode body = getJson(path);
      Currency currency = CurrencyCodes.parse(body.path("currency").asString());
      for (JsonNode line : body.path("entries")) {
        page.add(
            new HistoryEntry(
                line.path("entryId").asLong(),
                line.path("transactionId").asString(),
                line.path("amount").asLong(),
                line.path("balanceAfter").asLong(),
                currency,
                line.hasNonNull("postedAt")
                    ? Instant.parse(line.path("postedAt").asString())
                    : null,
                line.path("counterparty").asString(null),
                line.path("reference").asString(null)));
      }
      JsonNode next = body.get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asString();
      lastPage = cursor == null;
    }
  }

  /** Configuration of a client; {@link #baseUrl} and {@link #apiKey} are required. */
  public static final class Builder {
    private URI baseUrl;
    private String apiKey;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private RetryPolicy retries = RetryPolicy.DEFAULT;
    private Sleeper sleeper = duration -> Thread.sleep(duration);

    private Builder() {}

    /** Where Nginx (or a gateway) answers, e.g. {@code http://127.0.0.1:8080}. */
    public Builder baseUrl(String url) {
      this.baseUrl = URI.create(url.endsWith("/") ? url : url + "/");
      return this;
    }

    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long one request may take; a submission's timeout counts as an ambiguous answer. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder retries(RetryPolicy policy) {
      this.retries = policy;
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public PayflowClient build() {
      if (baseUrl == null || apiKey == null || apiKey.isBlank()) {
        throw new IllegalStateException("baseUrl and apiKey are required");
      }
      return new PayflowClient(this);
    }
  }
}
