package com.payflow.ledger.verification;

import com.payflow.ledger.access.ApiAccess;
import com.payflow.ledger.access.Caller;
import com.payflow.ledger.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/chain/verify}: full verification, synchronous, for the operator only and one
 * at a time — it recomputes the whole chain from every shard (seconds to minutes), so it is no door
 * for anyone to load the ledger and the shards through (docs/security.md, F6). A second call while
 * one runs is refused at once (409) rather than queued: a waiting call would hold a connection and
 * a thread for as long as the first takes and then repeat the same work.
 *
 * <p>{@code GET /api/v1/chain/verification}: the last completed report, for everyone; the problems'
 * {@code detail} sentences (which may quote the fields of an altered row) only for the operator.
 * Both are per instance: each ledger replica runs and remembers its own.
 */
@RestController
class VerificationController {

  private static final String PROBLEMS = "problems";
  private static final String DETAIL = "detail";

  private final ChainVerifier verifier;
  private final ApiAccess access;
  private final Clock clock;
  private final JsonMapper json;

  /** Start of the run in progress, null when none. */
  private final AtomicReference<Instant> running = new AtomicReference<>();

  private final AtomicReference<Completed> last = new AtomicReference<>();

  VerificationController(ChainVerifier verifier, ApiAccess access, Clock clock, JsonMapper json) {
    this.verifier = verifier;
    this.access = access;
    this.clock = clock;
    this.json = json;
  }

  /** A finished run. */
  private record Completed(Instant startedAt, Instant completedAt, VerificationReport report) {}

  /**
   * The JSON of the last completed run.
   *
   * @param startedAt when it started
   * @param completedAt when it completed
   * @param problemDetailsWithheld true when the problems' {@code detail} was left out (callers
   *     other than the operator)
   * @param report the verification report (as {@code POST /api/v1/chain/verify} answered it)
   */
  record LastVerification(
      Instant startedAt, Instant completedAt, boolean problemDetailsWithheld, JsonNode report) {}

  @PostMapping("/api/v1/chain/verify")
  VerificationReport verify(HttpServletRequest request) {
    access.requireOperator(
        request,
        "full verification (POST /api/v1/chain/verify); everyone"
            + " can read the last result at GET /api/v1/chain/verification");
    Instant startedAt = clock.instant();
    Instant other = running.compareAndExchange(null, startedAt);
    if (other != null) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "verification-running",
          "Verification already running",
          "a full verification started at "
              + other
              + " is still running; its report will be at GET /api/v1/chain/verification",
          Map.of("runningSince", other.toString()));
    }
    try {
      VerificationReport report = verifier.verify();
      last.set(new Completed(startedAt, clock.instant(), report));
      return report;
    } finally {
      running.set(null);
    }
  }

  @GetMapping("/api/v1/chain/verification")
  LastVerification lastVerification(HttpServletRequest request) {
    Caller caller = access.caller(request);
    Completed completed = last.get();
    if (completed == null) {
      throw ApiProblem.notFound(
          "verification-not-run",
          "no full verification has completed"
              + " on this instance since it started; the operator runs one with"
              + " POST /api/v1/chain/verify");
    }
    JsonNode report = json.valueToTree(completed.report());
    boolean withheld = caller.role() != Caller.Role.OPERATOR;
    if (withheld) {
      report.path(PROBLEMS).forEach(problem -> ((ObjectNode) problem).remove(DETAIL));
    }
    return new LastVerification(completed.startedAt(), completed.completedAt(), withheld, report);
  }
}
