package com.payflow.contracts.problem;

/**
 * The base of every RFC 9457 problem {@code type} URI payflow answers with: servers append a kind
 * (web-problems' {@code ProblemTypes}), clients strip it (payflow-client's {@code ProblemKind}).
 */
public final class ProblemTypeUris {

  /** A kind such as {@code unknown-account} is appended. */
  public static final String BASE = "https://payflow.dev/problems/";

  private ProblemTypeUris() {}
}
