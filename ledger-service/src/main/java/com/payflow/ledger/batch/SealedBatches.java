package com.payflow.ledger.batch;

import com.payflow.contracts.event.BatchSealed;
import com.payflow.contracts.merkle.Sha256Hash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The ledger's copy of every sealed batch, first delivery wins (redeliveries are no-ops). */
@Repository
public class SealedBatches {

  private static final long MICROS_PER_MILLI = 1_000;

  private final JdbcTemplate jdbc;

  SealedBatches(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records {@code batch} delivered at {@code offset} with Kafka record time {@code
   * recordTimestampMs}; returns false for a redelivery. A batch re-announced with a different root
   * or range is a bug in settlement and fails loudly.
   */
  public boolean record(BatchSealed batch, long offset, long recordTimestampMs) {
    byte[] root = batch.merkleRoot().bytes();
    var existing =
        jdbc.query(
            "SELECT merkle_root, first_seq, last_seq FROM sealed_batches"
                + " WHERE shard = ? AND batch_seq = ?",
            (row, i) -> new Object[] {row.getBytes(1), row.getLong(2), row.getLong(3)},
            batch.shard(),
            batch.batchSeq());
    if (!existing.isEmpty()) {
      Object[] known = existing.getFirst();
      if (!Arrays.equals((byte[]) known[0], root)
          || (long) known[1] != batch.firstSeq()
          || (long) known[2] != batch.lastSeq()) {
        throw new IllegalStateException(
            "batch "
                + batch.shard()
                + "/"
                + batch.batchSeq()
                + " re-announced with a different Merkle root or range");
      }
      return false;
    }
    jdbc.update(
        "INSERT INTO sealed_batches (shard, batch_seq, first_seq, last_seq,"
            + " merkle_root, sealed_at, log_offset, record_ts_ms) VALUES (?,?,?,?,?,?,?,?)",
        batch.shard(),
        batch.batchSeq(),
        batch.firstSeq(),
        batch.lastSeq(),
        root,
        Timestamp.from(batch.sealedAt().truncatedTo(ChronoUnit.MICROS)),
        offset,
        recordTimestampMs);
    return true;
  }

  /** Up to {@code limit} batches after {@code afterOffset}, in topic order. */
  public List<PendingBatch> after(long afterOffset, int limit) {
    return jdbc.query(
        "SELECT log_offset, shard, batch_seq, first_seq, last_seq, merkle_root,"
            + " record_ts_ms, sealed_at FROM sealed_batches WHERE log_offset > ?"
            + " ORDER BY log_offset LIMIT ?",
        (row, i) -> pending(row),
        afterOffset,
        limit);
  }

  /** Number of batches recorded. */
  public long count() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM sealed_batches", Long.class);
  }

  private static PendingBatch pending(ResultSet row) throws SQLException {
    long recordMs = row.getLong("record_ts_ms");
    // Rows recorded before record times were kept fall back to the batch's own seal time.
    long eventMicros =
        row.wasNull()
            ? ChronoUnit.MICROS.between(
                java.time.Instant.EPOCH, row.getTimestamp("sealed_at").toInstant())
            : recordMs * MICROS_PER_MILLI;
    return new PendingBatch(
        row.getLong("log_offset"),
        row.getInt("shard"),
        row.getLong("batch_seq"),
        row.getLong("first_seq"),
        row.getLong("last_seq"),
        new Sha256Hash(row.getBytes("merkle_root")),
        eventMicros);
  }
}
