package com.payflow.client;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.money.Money;

/**
 * An account's balances: {@code booked} from the ledger shard (the truth), {@code available} from
 * the balance cache (booked minus holds of payments not settled yet); null when not cached.
 */
public record Balance(AccountId account, String status, Money booked, Money available) {}
