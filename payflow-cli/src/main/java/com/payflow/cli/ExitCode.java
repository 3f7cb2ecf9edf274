package com.payflow.cli;

/** What the process exit status says happened (README "From the command line"). */
enum ExitCode {
  /** Settled (pay, status), verified (receipt), or the read succeeded. */
  OK(0),
  /** No answer, or an answer outside the contract. */
  ERROR(1),
  /** Bad arguments. */
  USAGE(2),
  /** Refused before anything was queued: will not settle. */
  REFUSED(3),
  /** Accepted, then rejected by settlement: nothing moved. */
  REJECTED(4),
  /** Unknown whether it was queued: run the same command with the same --key. */
  OUTCOME_UNKNOWN(5),
  /** Accepted, not decided within --wait. */
  PENDING(6),
  /** The receipt did not verify against the pinned ledger key. */
  NOT_VERIFIED(7);

  final int code;

  ExitCode(int code) {
    this.code = code;
  }
}
