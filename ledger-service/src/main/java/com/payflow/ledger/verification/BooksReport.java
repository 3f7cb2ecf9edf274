package com.payflow.ledger.verification;

import java.util.List;

/**
 * What the books check found.
 *
 * @param problems balance, entry and credit-leg problems, shard by shard, then credit legs
 * @param truncated whether more problems existed than are listed
 * @param accounts accounts rows read
 * @param entries entries rows read
 * @param creditLegs credit legs read
 * @param openCreditLegs settled cross-shard payments whose leg is applied on no shard yet
 */
record BooksReport(
    List<Problem> problems,
    boolean truncated,
    long accounts,
    long entries,
    long creditLegs,
    long openCreditLegs) {}
