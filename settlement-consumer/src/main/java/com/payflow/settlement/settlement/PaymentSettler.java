package com.payflow.settlement.settlement;

import static com.payflow.settlement.sharding.SqlLists.placeholders;

import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.routing.ShardRouter;
import com.payflow.settlement.publishing.ShardCommit;
import com.payflow.settlement.sharding.PerShard;
import com.payflow.settlement.sharding.ShardDataSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** Groups a poll's payments by payer shard and settles each group in one shard transaction. */
@Component
public class PaymentSettler {

  private final ShardRouter router;
  private final ShardDataSources shards;
  private final List<ShardSettlement> settlements = new ArrayList<>();

  PaymentSettler(ShardRouter router, ShardDataSources shards, Clock clock) {
    this.router = router;
    this.shards = shards;
    for (int shard = 0; shard < shards.count(); shard++) {
      settlements.add(new ShardSettlement(shard, shards.shard(shard), clock));
    }
  }

  /** Settles {@code payments}; returns the events to publish. */
  public ShardCommit settle(List<PaymentSubmitted> payments) throws SQLException {
    Map<Integer, List<PaymentSubmitted>> byShard = new TreeMap<>();
    Map<String, Integer> payeeShardOf = new HashMap<>();
    for (PaymentSubmitted payment : payments) {
      byShard.computeIfAbsent(router.shardOf(payment.payer()), s -> new ArrayList<>()).add(payment);
      payeeShardOf.put(payment.payee().value(), router.shardOf(payment.payee()));
    }
    ShardCommit all = ShardCommit.empty();
    PerShard.run(
            byShard,
            (shard, group) ->
                settlements
                    .get(shard)
                    .settle(group, readRemotePayees(shard, group, payeeShardOf), payeeShardOf))
        .forEach(all::addAll);
    return all;
  }

  /**
   * Reads (without locking) the payees that live on other shards, so a payment to an unknown or
   * closed account is rejected before the payer is debited.
   */
  private Map<String, AccountRow> readRemotePayees(
      int payerShard, List<PaymentSubmitted> payments, Map<String, Integer> payeeShardOf)
      throws SQLException {
    Map<Integer, TreeSet<String>> idsByShard = new LinkedHashMap<>();
    for (PaymentSubmitted payment : payments) {
      int payeeShard = payeeShardOf.get(payment.payee().value());
      if (payeeShard != payerShard) {
        idsByShard.computeIfAbsent(payeeShard, s -> new TreeSet<>()).add(payment.payee().value());
      }
    }
    Map<String, AccountRow> rows = new HashMap<>();
    for (Map.Entry<Integer, TreeSet<String>> group : idsByShard.entrySet()) {
      String sql =
          "SELECT "
              + AccountRow.COLUMNS
              + " FROM accounts WHERE id IN ("
              + placeholders(group.getValue().size())
              + ")";
      try (Connection connection = shards.shard(group.getKey()).getConnection();
          PreparedStatement select = connection.prepareStatement(sql)) {
        int index = 1;
        for (String id : group.getValue()) {
          select.setString(index++, id);
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            AccountRow account = AccountRow.read(row);
            rows.put(account.id(), account);
          }
        }
        connection.commit();
      }
    }
    return rows;
  }
}
