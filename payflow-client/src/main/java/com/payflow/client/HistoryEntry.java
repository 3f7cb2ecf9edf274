package com.payflow.client;

import java.time.Instant;
import java.util.Currency;

/**
 * One posting on an account, newest first: a signed amount in minor units (negative: money left the
 * account) and the booked balance after it, both in the account's {@code currency}.
 */
public record HistoryEntry(
    long entryId,
    String transactionId,
    long amount,
    long balanceAfter,
    Currency currency,
    Instant postedAt,
    String counterparty,
    String reference) {}
