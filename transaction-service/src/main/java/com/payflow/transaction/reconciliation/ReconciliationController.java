package com.payflow.transaction.reconciliation;

import com.payflow.transaction.client.ApiAccess;
import com.payflow.transaction.system.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ops/reconciliation} (operator): POST runs a pass now and answers its report; GET
 * answers the last report (scheduled or requested).
 */
@RestController
@RequestMapping("/api/v1/ops/reconciliation")
class ReconciliationController {

  private final ApiAccess access;
  private final Reconciliation reconciliation;

  ReconciliationController(ApiAccess access, Reconciliation reconciliation) {
    this.access = access;
    this.reconciliation = reconciliation;
  }

  @PostMapping
  ReconciliationReport run(HttpServletRequest http) {
    access.requireOperator(http);
    try {
      return reconciliation.run("operator");
    } catch (Reconciliation.AlreadyRunning busy) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "reconciliation-running",
          "a reconciliation run is in progress; GET this resource for its report when done");
    }
  }

  @GetMapping
  ReconciliationReport last(HttpServletRequest http) {
    access.requireOperator(http);
    return reconciliation
        .lastReport()
        .orElseThrow(
            () ->
                new ApiProblem(
                    HttpStatus.NOT_FOUND,
                    "no-reconciliation-yet",
                    "no reconciliation has run since this instance started"));
  }
}
