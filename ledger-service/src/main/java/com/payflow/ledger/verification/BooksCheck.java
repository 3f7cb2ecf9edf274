package com.payflow.ledger.verification;

import com.payflow.ledger.shard.ShardReaders;
import com.payflow.ledger.system.LedgerProperties;
import com.payflow.ledger.system.VerificationProperties;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;

/**
 * The books half of full verification: every account's stored balance and every entry against what
 * the shard's sealed transactions and credit legs imply, and every credit leg against the payment
 * it claims to carry out (docs/ledger.md, "Balances and entries").
 *
 * <p>Each shard is read in one consistent snapshot, every table once in primary-key order; a shard
 * is only examined with joins and grouping when its fingerprint shows a difference ({@link
 * BooksFingerprint}). Memory: one page of {@code chunk-rows} per payment and leg stream of every
 * shard during the merge, then one page per shard, plus the account weights.
 *
 * <p>Threads: the merge needs every shard at once and runs on the calling thread; then each shard's
 * entries and accounts are scanned on a thread of their own. A snapshot's connection is only ever
 * used by one thread at a time.
 */
@Component
class BooksCheck {

  private final ShardReaders shards;
  private final int chunkRows;
  private final int maxProblems;
  private final int accountWeightCacheEntries;
  private final SecureRandom random = new SecureRandom();

  BooksCheck(
      ShardReaders shards,
      VerificationProperties verification,
      LedgerProperties ledger,
      BooksProperties books) {
    this.shards = shards;
    this.chunkRows = verification.chunkRows();
    this.maxProblems = ledger.maxReportedProblems();
    this.accountWeightCacheEntries = books.accountWeightCacheEntries();
  }

  /** Checks the books of every shard as they are now. */
  BooksReport check() {
    byte[] key = PostingWeights.newKey(random);
    // One weights instance per thread (merge + one per shard) shares out the cache bound.
    int remembered = accountWeightCacheEntries / (shards.count() + 1);
    PostingWeights mergeWeights = new PostingWeights(key, remembered);
    Findings findings = new Findings(maxProblems);
    List<ShardBooks> snapshots = new ArrayList<>();
    CreditLegMatcher.Result legs;
    long accounts = 0;
    long entries = 0;
    try {
      // All snapshots first, back to back: the window in which a payment and its credit leg
      // can be seen on one side only is as short as it can be (the rest is re-read below).
      for (int shard = 0; shard < shards.count(); shard++) {
        snapshots.add(new ShardBooks(shard, shards.shard(shard), chunkRows));
      }
      BooksFingerprint[] fingerprints = new BooksFingerprint[snapshots.size()];
      Arrays.setAll(
          fingerprints,
          shard -> new BooksFingerprint(mergeWeights, new PostingWeights(key, remembered)));
      legs =
          new CreditLegMatcher(
                  snapshots.stream().map(ShardBooks::settledPayments).toList(),
                  snapshots.stream().map(ShardBooks::creditLegs).toList(),
                  maxProblems)
              .run(
                  payment -> Postings.of(payment, fingerprints[payment.shard()]::implied),
                  leg -> Postings.of(leg, fingerprints[leg.shard()]::implied));
      List<Future<long[]>> scans = new ArrayList<>();
      try (ExecutorService scanning = Executors.newVirtualThreadPerTaskExecutor()) {
        for (ShardBooks books : snapshots) {
          BooksFingerprint fingerprint = fingerprints[books.shard()];
          scans.add(
              scanning.submit(
                  () ->
                      new long[] {
                        books.forEachEntry(fingerprint::entry),
                        books.forEachAccount(fingerprint::balance)
                      }));
        }
      }
      for (ShardBooks books : snapshots) {
        long[] counts = result(scans.get(books.shard()));
        entries += counts[0];
        accounts += counts[1];
        BooksFingerprint fingerprint = fingerprints[books.shard()];
        if (!fingerprint.entriesMatch() || !fingerprint.balancesMatch()) {
          drillDown(books, fingerprint, findings);
        }
      }
    } finally {
      snapshots.forEach(ShardBooks::close);
    }
    legs.problems().forEach(findings::add);
    if (legs.truncated()) {
      findings.markTruncated();
    }
    reread(legs.withoutPayment()).forEach(findings::add);
    return new BooksReport(
        findings.list(),
        findings.truncated(),
        accounts,
        entries,
        legs.creditLegs(),
        legs.openCreditLegs());
  }

  private static long[] result(Future<long[]> scan) {
    try {
      return scan.get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the books were scanned", interrupted);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(failed.getCause());
    }
  }

  private void drillDown(ShardBooks books, BooksFingerprint fingerprint, Findings findings) {
    BooksDrillDown exact = new BooksDrillDown(books, maxProblems);
    int before = findings.mark();
    if (!fingerprint.entriesMatch()) {
      exact.entries().forEach(findings::add);
    }
    exact.accounts().forEach(findings::add);
    if (findings.mark() == before && !findings.truncated()) {
      // Same snapshot, so the exact queries see what the sums saw; never call such books valid.
      findings.add(
          new Problem(
              fingerprint.entriesMatch()
                  ? Problem.Kind.BALANCE_MISMATCH
                  : Problem.Kind.ENTRY_MISMATCH,
              null,
              books.shard(),
              null,
              null,
              null,
              "the books of the shard differ from what its rows imply, but no row could be named"));
    }
  }

  /**
   * Legs whose payment was in no snapshot, checked against their payer shard as it is now: a
   * payment that committed after that shard's snapshot is there by now.
   */
  private List<Problem> reread(List<CreditLegRow> withoutPayment) {
    List<Problem> problems = new ArrayList<>();
    Map<Integer, List<CreditLegRow>> byPayerShard = new TreeMap<>();
    for (CreditLegRow leg : withoutPayment) {
      if (leg.payerShard() < 0 || leg.payerShard() >= shards.count()) {
        problems.add(
            CreditLegMatcher.unmatched(
                leg,
                "it names payer shard "
                    + leg.payerShard()
                    + ", which is not configured, and no shard holds its payment"));
      } else {
        byPayerShard.computeIfAbsent(leg.payerShard(), shard -> new ArrayList<>()).add(leg);
      }
    }
    byPayerShard.forEach(
        (shard, legs) -> {
          List<PaymentRow> current =
              ShardBooks.currentPayments(
                  shard, shards.shard(shard), legs.stream().map(CreditLegRow::txId).toList());
          for (CreditLegRow leg : legs) {
            PaymentRow payment =
                current.stream()
                    .filter(row -> Arrays.equals(row.txId(), leg.txId()))
                    .findFirst()
                    .orElse(null);
            if (payment == null) {
              problems.add(CreditLegMatcher.unmatched(leg, "no shard holds its payment"));
            } else if (!CreditLegMatcher.carriesOut(leg, payment)) {
              problems.add(
                  CreditLegMatcher.unmatched(leg, CreditLegMatcher.difference(leg, payment)));
            }
          }
        });
    return problems;
  }
}
