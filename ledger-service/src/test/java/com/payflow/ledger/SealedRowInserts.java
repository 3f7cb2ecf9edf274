package com.payflow.ledger;

import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Writes shard transaction rows the way settlement seals them (tests build chains with it). */
final class SealedRowInserts {

  private SealedRowInserts() {}

  /** The batched insert {@link #add} fills. */
  static PreparedStatement prepare(Connection connection) throws SQLException {
    return connection.prepareStatement("INSERT INTO transactions"
        + " (tx_id, shard_seq, batch_seq, client_id, payer, payee, amount, currency,"
        + " reference, status, reason, payee_shard, submitted_us, decided_us, leaf_hash)"
        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  }

  /** Adds {@code tx} of {@code client} in batch {@code batchSeq}; returns its leaf hash. */
  static Sha256Hash add(PreparedStatement insert, SealedTransaction tx, long batchSeq,
      String client) throws SQLException {
    Sha256Hash leaf = MerkleHashing.leafHash(CanonicalTransactionEncoding.encode(tx));
    insert.setBytes(1, tx.txId().toBytes());
    insert.setLong(2, tx.shardSeq());
    insert.setLong(3, batchSeq);
    insert.setString(4, client);
    insert.setString(5, tx.payer().value());
    insert.setString(6, tx.payee().value());
    insert.setLong(7, tx.amount().value());
    insert.setString(8, tx.amount().currencyCode());
    insert.setString(9, tx.reference());
    insert.setString(10, tx.status());
    insert.setString(11, tx.reason());
    insert.setInt(12, 0);
    insert.setLong(13, tx.decidedAtMicros());
    insert.setLong(14, tx.decidedAtMicros());
    insert.setBytes(15, leaf.bytes());
    insert.addBatch();
    return leaf;
  }

  /** Seals transactions {@code firstSeq..lastSeq} as batch {@code batchSeq}; returns its root. */
  static Sha256Hash sealBatch(Connection connection, long batchSeq, long firstSeq, long lastSeq,
      List<Sha256Hash> leaves) throws SQLException {
    Sha256Hash root = MerkleTree.rootOf(leaves);
    try (PreparedStatement batch = connection.prepareStatement("INSERT INTO batches"
        + " (batch_seq, first_seq, last_seq, merkle_root, sealed_at) VALUES (?,?,?,?,?)")) {
      batch.setLong(1, batchSeq);
      batch.setLong(2, firstSeq);
      batch.setLong(3, lastSeq);
      batch.setBytes(4, root.bytes());
      batch.setTimestamp(5, Timestamp.from(Instant.now()));
      batch.executeUpdate();
    }
    return root;
  }
}
