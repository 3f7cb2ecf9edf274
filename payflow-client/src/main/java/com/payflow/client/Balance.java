package com.payflow.client;

import com.payflow.contracts.account.AccountId;
import java.util.Currency;

/**
 * An account's balances in minor units of {@code currency} (zero is a balance, not a payment
 * amount, hence no {@code Money}): {@code booked} from the ledger shard (the truth), {@code
 * available} from the balance cache (booked minus holds of payments not settled yet), null when the
 * account is not cached.
 */
public record Balance(
    AccountId account, String status, Currency currency, long booked, Long available) {}
