package com.payflow.transaction.account;

/** An account row as the read side shows it. */
public record Account(String id, String owner, String currency, String kind, String status,
    long balance) {}
