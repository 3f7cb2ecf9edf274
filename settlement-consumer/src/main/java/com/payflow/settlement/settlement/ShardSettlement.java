package com.payflow.settlement.settlement;

import static com.payflow.settlement.sharding.SqlLists.placeholders;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.encoding.LeafColumns;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.event.CreditLegRequested;
import com.payflow.contracts.event.PaymentOutcome;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.event.RejectionReason;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.settlement.publishing.ShardCommit;
import com.payflow.settlement.sealing.BatchSeal;
import com.payflow.settlement.sealing.BatchSealer;
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
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Commits the payments of one shard in ONE database transaction: skip already-settled ids
 * (replays), lock the touched accounts in id order, decide, insert transactions + balanced entries,
 * apply one guarded balance update per account, seal the batch.
 */
final class ShardSettlement {

  private final int shard;
  private final DataSource dataSource;
  private final Clock clock;

  /** Settlement of one shard database. */
  public ShardSettlement(int shard, DataSource dataSource, Clock clock) {
    this.shard = shard;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * Settles {@code payments} (payer on this shard, in partition order). {@code remotePayees} are
   * payee rows read from other shards; {@code payeeShardOf} routes every payee.
   */
  public ShardCommit settle(
      List<PaymentSubmitted> payments,
      Map<String, AccountRow> remotePayees,
      Map<String, Integer> payeeShardOf)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try {
        ShardCommit commit = settleInTransaction(connection, payments, remotePayees, payeeShardOf);
        connection.commit();
        return commit;
      } catch (SQLException | RuntimeException failed) {
        connection.rollback();
        throw failed;
      }
    }
  }

  private ShardCommit settleInTransaction(
      Connection connection,
      List<PaymentSubmitted> payments,
      Map<String, AccountRow> remotePayees,
      Map<String, Integer> payeeShardOf)
      throws SQLException {
    long[] sequence = lockSequence(connection);
    Map<TxId, PaymentSubmitted> unique = new LinkedHashMap<>();
    payments.forEach(payment -> unique.putIfAbsent(payment.txId(), payment));
    ShardCommit commit = ShardCommit.empty();
    Set<TxId> settledBefore = replayExisting(connection, unique, commit);
    List<PaymentSubmitted> fresh =
        unique.values().stream()
            .filter(payment -> !settledBefore.contains(payment.txId()))
            .toList();
    if (fresh.isEmpty()) {
      return commit;
    }
    Map<String, AccountRow> accounts = lockAccounts(connection, fresh, payeeShardOf);
    SettlementDecider.Outcome outcome =
        SettlementDecider.decide(shard, fresh, accounts, remotePayees, payeeShardOf);
    Instant decidedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<SealedTransaction> sealed = new ArrayList<>(fresh.size());
    long nextTxSeq = sequence[0];
    for (Decision decision : outcome.decisions()) {
      sealed.add(toSealed(decision, nextTxSeq++, decidedAt));
    }
    BatchSeal seal = BatchSealer.seal(sequence[1], sealed);
    insertTransactions(connection, outcome.decisions(), sealed, seal);
    insertEntries(connection, outcome.decisions(), decidedAt);
    AccountPostings.applyGuarded(connection, outcome.deltas());
    insertBatch(connection, seal, decidedAt);
    advanceSequence(connection, nextTxSeq, seal.batchSeq() + 1);
    addEvents(commit, outcome.decisions(), seal, decidedAt);
    return commit;
  }

  private static long[] lockSequence(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT next_tx_seq, next_batch_seq FROM shard_sequence WHERE id = 1 FOR UPDATE");
        ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        throw new IllegalStateException("shard_sequence row missing: schema not migrated?");
      }
      return new long[] {row.getLong(1), row.getLong(2)};
    }
  }

  /**
   * Finds already-committed ids and answers them without settling again. A redelivery of the record
   * that was settled (same submission time) re-announces every event, because the crash that caused
   * it may have come before they were published (ADR 0004). A later submission of the same tx id
   * (the client's retry after the gateway lost its idempotency record) gets only the payer's
   * outcome, marked as a resubmission: its record comes after the first one in the payer's
   * partition, so the first one's events were published before this offset could be reached, and
   * announcing the credit again would credit the payee's cached balance twice.
   */
  private Set<TxId> replayExisting(
      Connection connection, Map<TxId, PaymentSubmitted> payments, ShardCommit commit)
      throws SQLException {
    Set<TxId> existing = new HashSet<>();
    Set<Long> batchSeqs = new TreeSet<>();
    String sql =
        "SELECT tx_id, payer, payee, amount, currency, status, reason, payee_shard,"
            + " batch_seq, decided_us, submitted_us FROM transactions WHERE tx_id IN ("
            + placeholders(payments.size())
            + ")";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int index = 1;
      for (TxId id : payments.keySet()) {
        select.setBytes(index++, id.toBytes());
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          TxId txId = TxId.fromBytes(row.getBytes("tx_id"));
          existing.add(txId);
          AccountId payer = new AccountId(row.getString("payer"));
          AccountId payee = new AccountId(row.getString("payee"));
          Money amount = Money.of(row.getLong("amount"), row.getString("currency"));
          boolean resubmission =
              toMicros(payments.get(txId).submittedAt()) != row.getLong("submitted_us");
          announce(
              commit,
              txId,
              payer,
              payee,
              amount,
              "SETTLED".equals(row.getString("status"))
                  ? null
                  : RejectionReason.valueOf(row.getString("reason")),
              row.getInt("payee_shard"),
              micros(row.getLong("decided_us")),
              resubmission);
          if (!resubmission) {
            // A resubmission's batch was announced with the first submission (see above).
            batchSeqs.add(row.getLong("batch_seq"));
          }
        }
      }
    }
    if (!batchSeqs.isEmpty()) {
      commit.sealedBatches().addAll(readBatches(connection, batchSeqs));
    }
    return existing;
  }

  private List<BatchSealed> readBatches(Connection connection, Set<Long> batchSeqs)
      throws SQLException {
    List<BatchSealed> batches = new ArrayList<>();
    String sql =
        "SELECT batch_seq, first_seq, last_seq, merkle_root, sealed_at FROM batches"
            + " WHERE batch_seq IN ("
            + placeholders(batchSeqs.size())
            + ") ORDER BY batch_seq";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int index = 1;
      for (long seq : batchSeqs) {
        select.setLong(index++, seq);
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          batches.add(
              new BatchSealed(
                  shard,
                  row.getLong(1),
                  row.getLong(2),
                  row.getLong(3),
                  new Sha256Hash(row.getBytes(4)),
                  row.getTimestamp(5).toInstant()));
        }
      }
    }
    return batches;
  }

  /** Locks every account the fresh payments may post to, in id order (no deadlocks). */
  private Map<String, AccountRow> lockAccounts(
      Connection connection, List<PaymentSubmitted> fresh, Map<String, Integer> payeeShardOf)
      throws SQLException {
    TreeSet<String> ids = new TreeSet<>();
    Set<String> clearingCurrencies = new TreeSet<>();
    for (PaymentSubmitted payment : fresh) {
      ids.add(payment.payer().value());
      if (payeeShardOf.get(payment.payee().value()) == shard) {
        ids.add(payment.payee().value());
      } else {
        clearingCurrencies.add(payment.amount().currencyCode());
      }
    }
    for (String currency : clearingCurrencies) {
      ids.add(SettlementDecider.clearingAccount(currency));
    }
    return AccountPostings.lockWithClearing(connection, ids, clearingCurrencies);
  }

  private SealedTransaction toSealed(Decision decision, long shardSeq, Instant decidedAt) {
    PaymentSubmitted payment = decision.payment();
    return new SealedTransaction(
        payment.txId(),
        shard,
        shardSeq,
        payment.payer(),
        payment.payee(),
        payment.amount(),
        decision.settled() ? "SETTLED" : "REJECTED",
        decision.settled() ? null : decision.rejection().name(),
        payment.reference(),
        toMicros(decidedAt));
  }

  private static void insertTransactions(
      Connection connection,
      List<Decision> decisions,
      List<SealedTransaction> sealed,
      BatchSeal seal)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO transactions ("
                + LeafColumns.NAMES
                + ", batch_seq, client_id, payee_shard, submitted_us, leaf_hash)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (int i = 0; i < decisions.size(); i++) {
        Decision decision = decisions.get(i);
        LeafColumns.bind(insert, sealed.get(i));
        int column = LeafColumns.NEXT;
        insert.setLong(column++, seal.batchSeq());
        insert.setString(column++, decision.payment().client().value());
        insert.setInt(column++, decision.payeeShard());
        insert.setLong(column++, toMicros(decision.payment().submittedAt()));
        insert.setBytes(column, seal.leafHashes().get(i).bytes());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void insertEntries(Connection connection, List<Decision> decisions, Instant postedAt)
      throws SQLException {
    try (PreparedStatement insert = AccountPostings.prepareEntries(connection)) {
      Timestamp posted = Timestamp.from(postedAt);
      for (Decision decision : decisions) {
        if (!decision.settled()) {
          continue;
        }
        PaymentSubmitted payment = decision.payment();
        String currency = payment.amount().currencyCode();
        String credit =
            decision.payeeShard() == shard
                ? payment.payee().value()
                : SettlementDecider.clearingAccount(currency);
        long amount = payment.amount().value();
        byte[] txId = payment.txId().toBytes();
        AccountPostings.addEntry(insert, txId, payment.payer().value(), -amount, currency, posted);
        AccountPostings.addEntry(insert, txId, credit, amount, currency, posted);
      }
      insert.executeBatch();
    }
  }

  private static void insertBatch(Connection connection, BatchSeal seal, Instant sealedAt)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO batches (batch_seq, first_seq, last_seq, merkle_root, sealed_at)"
                + " VALUES (?,?,?,?,?)")) {
      insert.setLong(1, seal.batchSeq());
      insert.setLong(2, seal.firstSeq());
      insert.setLong(3, seal.lastSeq());
      insert.setBytes(4, seal.root().bytes());
      insert.setTimestamp(5, Timestamp.from(sealedAt));
      insert.executeUpdate();
    }
  }

  private static void advanceSequence(Connection connection, long nextTxSeq, long nextBatchSeq)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE shard_sequence SET next_tx_seq = ?, next_batch_seq = ? WHERE id = 1")) {
      update.setLong(1, nextTxSeq);
      update.setLong(2, nextBatchSeq);
      update.executeUpdate();
    }
  }

  private void addEvents(
      ShardCommit commit, List<Decision> decisions, BatchSeal seal, Instant decidedAt) {
    for (Decision decision : decisions) {
      PaymentSubmitted payment = decision.payment();
      announce(
          commit,
          payment.txId(),
          payment.payer(),
          payment.payee(),
          payment.amount(),
          decision.rejection(),
          decision.payeeShard(),
          decidedAt,
          false);
    }
    commit
        .sealedBatches()
        .add(
            new BatchSealed(
                shard, seal.batchSeq(), seal.firstSeq(), seal.lastSeq(), seal.root(), decidedAt));
  }

  /**
   * The events of one decided payment, for its first decision and its re-announcements alike (ADR
   * 0004): the payer's outcome; then, for a settled payment that is not a resubmission, the payee's
   * CREDITED when the payee is on this shard, else a credit leg for the payee's shard.
   *
   * @param rejection why it was refused, or null when it settled
   */
  private void announce(
      ShardCommit commit,
      TxId txId,
      AccountId payer,
      AccountId payee,
      Money amount,
      RejectionReason rejection,
      int payeeShard,
      Instant decidedAt,
      boolean resubmission) {
    PaymentOutcome.Status status =
        rejection == null ? PaymentOutcome.Status.SETTLED : PaymentOutcome.Status.REJECTED;
    commit
        .outcomes()
        .add(
            new PaymentOutcome(
                txId, status, rejection, payer, payee, amount, decidedAt, resubmission));
    if (rejection != null || resubmission) {
      return;
    }
    if (payeeShard == shard) {
      commit
          .outcomes()
          .add(
              new PaymentOutcome(
                  txId, PaymentOutcome.Status.CREDITED, null, payer, payee, amount, decidedAt));
    } else {
      commit.creditLegs().add(new CreditLegRequested(txId, payer, payee, amount, shard));
    }
  }

  private static long toMicros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Instant micros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
