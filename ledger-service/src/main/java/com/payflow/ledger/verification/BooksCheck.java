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
import org.springframework.stereotype.Component;

/**
 * The books half of full verification: every account's stored balance and every entry against
 * what the shard's sealed transactions and credit legs imply, and every credit leg against the
 * payment it claims to carry out (docs/ledger.md, "Balances and entries").
 *
 * <p>Each shard is read in one consistent snapshot, every table once in primary-key order; a
 * shard is only examined with joins and grouping when its fingerprint shows a difference
 * ({@link BooksFingerprint}). Memory: one page of {@code chunk-rows} per payment and leg stream
 * of every shard during the merge, then one page at a time, plus the account weights.
 */
@Component
class BooksCheck {

  private final ShardReaders shards;
  private final int chunkRows;
  private final int maxProblems;
  private final int accountWeightCacheEntries;
  private final SecureRandom random = new SecureRandom();

  BooksCheck(ShardReaders shards, VerificationProperties verification,
      LedgerProperties ledger, BooksProperties books) {
    this.shards = shards;
    this.chunkRows = verification.chunkRows();
    this.maxProblems = ledger.maxReportedProblems();
    this.accountWeightCacheEntries = books.accountWeightCacheEntries();
  }

  /** Checks the books of every shard as they are now. */
  BooksReport check() {
    PostingWeights weights = new PostingWeights(random, accountWeightCacheEntries);
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
      Arrays.setAll(fingerprints, shard -> new BooksFingerprint(weights));
      legs = new CreditLegMatcher(snapshots.stream().map(ShardBooks::payments).toList(),
          snapshots.stream().map(ShardBooks::creditLegs).toList(), maxProblems).run(
              payment -> Postings.of(payment, fingerprints[payment.shard()]::implied),
              leg -> Postings.of(leg, fingerprints[leg.shard()]::implied));
      for (ShardBooks books : snapshots) {
        BooksFingerprint fingerprint = fingerprints[books.shard()];
        entries += books.forEachEntry(fingerprint::entry);
        accounts += books.forEachAccount(fingerprint::balance);
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
    return new BooksReport(findings.list(), findings.truncated(), accounts, entries,
        legs.creditLegs(), legs.openCreditLegs());
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
      findings.add(new Problem(fingerprint.entriesMatch() ? Problem.Kind.BALANCE_MISMATCH
          : Problem.Kind.ENTRY_MISMATCH, null, books.shard(), null, null, null,
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
        problems.add(CreditLegMatcher.unmatched(leg, "it names payer shard "
            + leg.payerShard() + ", which is not configured, and no shard holds its payment"));
      } else {
        byPayerShard.computeIfAbsent(leg.payerShard(), shard -> new ArrayList<>()).add(leg);
      }
    }
    byPayerShard.forEach((shard, legs) -> {
      List<PaymentRow> current = ShardBooks.currentPayments(shard, shards.shard(shard),
          legs.stream().map(CreditLegRow::txId).toList());
      for (CreditLegRow leg : legs) {
        PaymentRow payment = current.stream()
            .filter(row -> Arrays.equals(row.txId(), leg.txId())).findFirst().orElse(null);
        if (payment == null) {
          problems.add(CreditLegMatcher.unmatched(leg, "no shard holds its payment"));
        } else if (!CreditLegMatcher.carriesOut(leg, payment)) {
          problems.add(CreditLegMatcher.unmatched(leg, CreditLegMatcher.difference(leg,
              payment)));
        }
      }
    });
    return problems;
  }
}
