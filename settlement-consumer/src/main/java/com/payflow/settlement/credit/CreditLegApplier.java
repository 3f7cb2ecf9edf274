package com.payflow.settlement.credit;

import static com.payflow.settlement.sharding.SqlLists.placeholders;

import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.routing.ShardRouter;
import com.payflow.settlement.publishing.ShardCommit;
import com.payflow.settlement.settlement.AccountPostings;
import com.payflow.settlement.settlement.AccountRow;
import com.payflow.settlement.settlement.SettlementDecider;
import com.payflow.settlement.sharding.PerShard;
import com.payflow.settlement.sharding.ShardDataSources;
import com.payflow.settlement.system.PoisonRecordException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Applies cross-shard credit legs on the payee's shard, one transaction per shard: debit the
 * shard's clearing account, credit the payee, remember the tx id so a redelivered leg is a no-op
 * (it is re-announced, never re-applied).
 */
@Component
class CreditLegApplier {

  private final ShardRouter router;
  private final ShardDataSources shards;
  private final Clock clock;

  CreditLegApplier(ShardRouter router, ShardDataSources shards, Clock clock) {
    this.router = router;
    this.shards = shards;
    this.clock = clock;
  }

  /** Applies {@code legs}; returns the CREDITED outcomes to publish. */
  public ShardCommit apply(List<CreditLegRequested> legs) throws SQLException {
    Map<Integer, List<CreditLegRequested>> byShard = new TreeMap<>();
    for (CreditLegRequested leg : legs) {
      byShard.computeIfAbsent(router.shardOf(leg.payee()), s -> new ArrayList<>()).add(leg);
    }
    ShardCommit all = ShardCommit.empty();
    PerShard.run(byShard, this::applyOnShard).forEach(all::addAll);
    return all;
  }

  private ShardCommit applyOnShard(int shard, List<CreditLegRequested> legs) throws SQLException {
    try (Connection connection = shards.shard(shard).getConnection()) {
      try {
        ShardCommit commit = applyInTransaction(connection, legs);
        connection.commit();
        return commit;
      } catch (SQLException | RuntimeException failed) {
        connection.rollback();
        throw failed;
      }
    }
  }

  private ShardCommit applyInTransaction(Connection connection, List<CreditLegRequested> legs)
      throws SQLException {
    Map<TxId, CreditLegRequested> unique = new LinkedHashMap<>();
    legs.forEach(leg -> unique.putIfAbsent(leg.txId(), leg));
    Set<TxId> applied = alreadyApplied(connection, unique.keySet());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ShardCommit commit = ShardCommit.empty();
    List<CreditLegRequested> fresh = new ArrayList<>();
    for (CreditLegRequested leg : unique.values()) {
      if (!applied.contains(leg.txId())) {
        fresh.add(leg);
      }
      commit
          .outcomes()
          .add(
              new PaymentOutcome(
                  leg.txId(),
                  PaymentOutcome.Status.CREDITED,
                  null,
                  leg.payer(),
                  leg.payee(),
                  leg.amount(),
                  now));
    }
    if (fresh.isEmpty()) {
      return commit;
    }
    Map<String, AccountRow> accounts = lockAccounts(connection, fresh);
    TreeMap<String, Long> deltas = new TreeMap<>();
    for (CreditLegRequested leg : fresh) {
      AccountRow payee = accounts.get(leg.payee().value());
      String currency = leg.amount().currencyCode();
      if (payee == null
          || !payee.isAddressable()
          || !payee.isOpen()
          || !payee.currency().equals(leg.amount().currency())) {
        // The payer shard checked the payee before debiting; this only happens if the payee
        // was closed in between. Never guess: dead-letter for an operator (docs/settlement.md).
        throw new PoisonRecordException(
            "credit leg "
                + leg.txId()
                + " cannot be applied to "
                + leg.payee()
                + ": "
                + (payee == null ? "unknown" : payee.status()),
            null);
      }
      deltas.merge(
          SettlementDecider.clearingAccount(currency), -leg.amount().value(), Math::addExact);
      deltas.merge(leg.payee().value(), leg.amount().value(), Math::addExact);
    }
    insertLegsAndEntries(connection, fresh, now);
    AccountPostings.applyGuarded(connection, deltas);
    return commit;
  }

  private static Set<TxId> alreadyApplied(Connection connection, Set<TxId> ids)
      throws SQLException {
    Set<TxId> applied = new HashSet<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT tx_id FROM credit_legs WHERE tx_id IN (" + placeholders(ids.size()) + ")")) {
      int index = 1;
      for (TxId id : ids) {
        select.setBytes(index++, id.toBytes());
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          applied.add(TxId.fromBytes(row.getBytes(1)));
        }
      }
    }
    return applied;
  }

  private static Map<String, AccountRow> lockAccounts(
      Connection connection, List<CreditLegRequested> legs) throws SQLException {
    TreeSet<String> ids = new TreeSet<>();
    Set<String> currencies = new TreeSet<>();
    for (CreditLegRequested leg : legs) {
      currencies.add(leg.amount().currencyCode());
      ids.add(SettlementDecider.clearingAccount(leg.amount().currencyCode()));
      ids.add(leg.payee().value());
    }
    return AccountPostings.lockWithClearing(connection, ids, currencies);
  }

  private static void insertLegsAndEntries(
      Connection connection, List<CreditLegRequested> legs, Instant now) throws SQLException {
    Timestamp at = Timestamp.from(now);
    try (PreparedStatement leg =
            connection.prepareStatement(
                "INSERT INTO credit_legs (tx_id, payer, payee, amount, currency, payer_shard,"
                    + " applied_at) VALUES (?,?,?,?,?,?,?)");
        PreparedStatement entry = AccountPostings.prepareEntries(connection)) {
      for (CreditLegRequested credit : legs) {
        byte[] txId = credit.txId().toBytes();
        String currency = credit.amount().currencyCode();
        long amount = credit.amount().value();
        leg.setBytes(1, txId);
        leg.setString(2, credit.payer().value());
        leg.setString(3, credit.payee().value());
        leg.setLong(4, amount);
        leg.setString(5, currency);
        leg.setInt(6, credit.payerShard());
        leg.setTimestamp(7, at);
        leg.addBatch();
        AccountPostings.addEntry(
            entry, txId, SettlementDecider.clearingAccount(currency), -amount, currency, at);
        AccountPostings.addEntry(entry, txId, credit.payee().value(), amount, currency, at);
      }
      leg.executeBatch();
      entry.executeBatch();
    }
  }
}
