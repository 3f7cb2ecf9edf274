package com.payflow.ledger.shard;

import com.payflow.contracts.encoding.CanonicalTransactionEncoding;
import com.payflow.contracts.encoding.LeafColumns;
import com.payflow.contracts.encoding.SealedTransaction;
import com.payflow.contracts.merkle.MerkleHashing;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.payment.TxId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Reads transaction rows from the shards and recomputes their leaves from the fields. */
@Component
public class ShardRows {

  private static final String COLUMNS = LeafColumns.NAMES + ", batch_seq, leaf_hash";
  private static final int BATCH_SEQ = LeafColumns.NEXT;
  private static final int LEAF_HASH = LeafColumns.NEXT + 1;
  // Only proofs need the owner: full verification does not pay for the column.
  private static final String OWNED_COLUMNS = COLUMNS + ", client_id";
  private static final int CLIENT_ID = LeafColumns.NEXT + 2;

  private final ShardReaders shards;
  private final ValidatedFields fields = new ValidatedFields();

  ShardRows(ShardReaders shards) {
    this.shards = shards;
  }

  /** Rows of {@code shard} with {@code firstSeq <= shard_seq <= lastSeq}, by shard_seq. */
  public List<ShardRow> range(int shard, long firstSeq, long lastSeq) {
    return query(
        shard,
        "SELECT "
            + COLUMNS
            + " FROM transactions WHERE shard_seq BETWEEN ? AND ?"
            + " ORDER BY shard_seq",
        firstSeq,
        lastSeq);
  }

  /** Rows of {@code shard} outside 1..{@code lastSeq}: inserted beyond what was sealed. */
  public List<ShardRow> outside(int shard, long lastSeq, int limit) {
    return query(
        shard,
        "SELECT "
            + COLUMNS
            + " FROM transactions WHERE shard_seq < 1"
            + " OR shard_seq > ? ORDER BY shard_seq LIMIT ?",
        lastSeq,
        limit);
  }

  /** The row of {@code txId} on {@code shard}, if any. */
  public Optional<ShardRow> byId(int shard, TxId txId) {
    try (Connection connection = shards.shard(shard).getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM transactions WHERE tx_id = ?")) {
      select.setBytes(1, txId.toBytes());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(read(shard, rows)) : Optional.empty();
      }
    } catch (SQLException failed) {
      throw new ShardUnavailable(shard, failed);
    }
  }

  /** The row of {@code txId} on {@code shard} with the API client that submitted it, if any. */
  public Optional<OwnedRow> owned(int shard, TxId txId) {
    try (Connection connection = shards.shard(shard).getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + OWNED_COLUMNS + " FROM transactions WHERE tx_id = ?")) {
      select.setBytes(1, txId.toBytes());
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        Parsed parsed = parse(shard, rows);
        return Optional.of(
            new OwnedRow(parsed.row(), rows.getString(CLIENT_ID), parsed.transaction()));
      }
    } catch (SQLException failed) {
      throw new ShardUnavailable(shard, failed);
    }
  }

  /** Highest last_seq of the shard's own sealed batches (0 when none). */
  public long lastSealedSeq(int shard) {
    try (Connection connection = shards.shard(shard).getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT COALESCE(MAX(last_seq), 0) FROM batches");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    } catch (SQLException failed) {
      throw new ShardUnavailable(shard, failed);
    }
  }

  /** Number of shards. */
  public int shardCount() {
    return shards.count();
  }

  private List<ShardRow> query(int shard, String sql, long first, long second) {
    try (Connection connection = shards.shard(shard).getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, first);
      select.setLong(2, second);
      List<ShardRow> result = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          result.add(read(shard, rows));
        }
      }
      return result;
    } catch (SQLException failed) {
      throw new ShardUnavailable(shard, failed);
    }
  }

  private ShardRow read(int shard, ResultSet row) throws SQLException {
    return parse(shard, row).row();
  }

  /** A row and the transaction its fields form (null when they form none). */
  private record Parsed(ShardRow row, SealedTransaction transaction) {}

  private Parsed parse(int shard, ResultSet row) throws SQLException {
    TxId txId = LeafColumns.txId(row);
    long shardSeq = LeafColumns.shardSeq(row);
    long batchSeq = row.getLong(BATCH_SEQ);
    byte[] stored = row.getBytes(LEAF_HASH);
    Sha256Hash storedLeaf =
        stored != null && stored.length == Sha256Hash.LENGTH ? new Sha256Hash(stored) : null;
    try {
      // The same fields, in the same order, that settlement hashed (LeafColumns).
      SealedTransaction sealed = LeafColumns.read(shard, row, fields::account, fields::currency);
      byte[] bytes = CanonicalTransactionEncoding.encode(sealed);
      return new Parsed(
          new ShardRow(
              txId, shardSeq, batchSeq, bytes, MerkleHashing.leafHash(bytes), storedLeaf, null),
          sealed);
    } catch (IllegalArgumentException | NullPointerException invalid) {
      return new Parsed(
          new ShardRow(txId, shardSeq, batchSeq, null, null, storedLeaf, invalid.getMessage()),
          null);
    }
  }
}
