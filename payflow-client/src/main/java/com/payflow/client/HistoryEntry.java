package com.payflow.client;

import com.payflow.contracts.money.Money;
import java.time.Instant;

/** One posting on an account, newest first: a signed amount and the balance after it. */
public record HistoryEntry(
    long entryId,
    String transactionId,
    Money amount,
    Instant postedAt,
    Money balanceAfter,
    String counterparty,
    String reference) {}
