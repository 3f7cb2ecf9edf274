package com.payflow.client;

/**
 * A call other than a submission failed: the problem payflow answered (null when there was no
 * answer, e.g. a connection failure, then the cause says why). Submissions never throw this for an
 * answer: they return a {@link SubmitResult}.
 */
public class PayflowException extends RuntimeException {

  private final transient Problem problem;

  PayflowException(String message, Problem problem, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
