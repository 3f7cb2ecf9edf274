package com.payflow.transaction.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The newest decided payments (bounded), each numbered in arrival order so the stream can send only
 * what is new since its last event.
 */
final class RecentPayments {

  /**
   * A payment as the table shows it: times in epoch ms, latency (submit → decided) in ms.
   *
   * @param seq arrival number in this buffer (not a shard sequence)
   */
  record Payment(
      long seq,
      String id,
      int shard,
      long shardSeq,
      String payer,
      String payee,
      long amount,
      String currency,
      String status,
      String reason,
      long submittedAt,
      long decidedAt,
      double latencyMs) {}

  private final int capacity;
  private final ArrayDeque<Payment> payments = new ArrayDeque<>();
  private long nextSeq = 1;

  RecentPayments(int capacity) {
    this.capacity = capacity;
  }

  /** Adds a payment (numbered here) and drops the oldest beyond the capacity. */
  synchronized void add(
      String id,
      int shard,
      long shardSeq,
      String payer,
      String payee,
      long amount,
      String currency,
      String status,
      String reason,
      long submittedMicros,
      long decidedMicros) {
    payments.addLast(
        new Payment(
            nextSeq++,
            id,
            shard,
            shardSeq,
            payer,
            payee,
            amount,
            currency,
            status,
            reason,
            submittedMicros / 1000,
            decidedMicros / 1000,
            Math.max(0, decidedMicros - submittedMicros) / 1000.0));
    while (payments.size() > capacity) {
      payments.removeFirst();
    }
  }

  /** The newest sequence number handed out (0 when none). */
  synchronized long lastSeq() {
    return nextSeq - 1;
  }

  /** Payments numbered after {@code seq}, oldest first. */
  synchronized List<Payment> since(long seq) {
    List<Payment> newer = new ArrayList<>();
    Iterator<Payment> newestFirst = payments.descendingIterator();
    while (newestFirst.hasNext()) {
      Payment payment = newestFirst.next();
      if (payment.seq() <= seq) {
        break;
      }
      newer.add(payment);
    }
    return newer.reversed();
  }
}
