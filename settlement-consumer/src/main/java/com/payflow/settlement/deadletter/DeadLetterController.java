package com.payflow.settlement.deadletter;

import com.payflow.contracts.account.ApiKeyHash;
import com.payflow.settlement.system.SettlementProperties;
import com.payflow.web.problem.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoint: {@code POST /api/v1/admin/dead-letters/replay?topic=…&max=…}. */
@RestController
class DeadLetterController {

  private final DeadLetterReplay replay;
  private final SettlementProperties properties;

  DeadLetterController(DeadLetterReplay replay, SettlementProperties properties) {
    this.replay = replay;
    this.properties = properties;
  }

  @PostMapping("/api/v1/admin/dead-letters/replay")
  ResponseEntity<?> replay(
      @RequestHeader(name = "X-Api-Key", required = false) String apiKey,
      @RequestParam String topic,
      @RequestParam(defaultValue = "100") int max) {
    if (!ApiKeyHash.matches(apiKey, properties.operatorKeySha256())) {
      return problem(HttpStatus.UNAUTHORIZED, "unauthorized", "operator API key required");
    }
    return ResponseEntity.ok(replay.replay(topic, max));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> invalid(IllegalArgumentException invalid) {
    return problem(HttpStatus.BAD_REQUEST, "invalid-parameter", invalid.getMessage());
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String kind, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(java.net.URI.create(ProblemTypes.of(kind)));
    return ResponseEntity.status(status).body(body);
  }
}
