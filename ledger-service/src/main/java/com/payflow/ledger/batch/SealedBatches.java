package com.payflow.ledger.batch;

import com.payflow.contracts.event.BatchSealed;
import java.sql.Timestamp;
import java.util.HexFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The ledger's copy of every sealed batch, first delivery wins (redeliveries are no-ops). */
@Repository
public class SealedBatches {

  private final JdbcTemplate jdbc;

  SealedBatches(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records {@code batch} delivered at {@code offset}; returns false for a redelivery. A batch
   * re-announced with a different root is a bug in settlement and fails loudly.
   */
  public boolean record(BatchSealed batch, long offset) {
    byte[] root = HexFormat.of().parseHex(batch.merkleRoot());
    var existing = jdbc.queryForList("SELECT merkle_root FROM sealed_batches WHERE shard = ?"
        + " AND batch_seq = ?", byte[].class, batch.shard(), batch.batchSeq());
    if (!existing.isEmpty()) {
      if (!java.util.Arrays.equals(existing.getFirst(), root)) {
        throw new IllegalStateException("batch " + batch.shard() + "/" + batch.batchSeq()
            + " re-announced with a different Merkle root");
      }
      return false;
    }
    jdbc.update("INSERT INTO sealed_batches (shard, batch_seq, first_seq, last_seq,"
        + " merkle_root, sealed_at, log_offset) VALUES (?,?,?,?,?,?,?)", batch.shard(),
        batch.batchSeq(), batch.firstSeq(), batch.lastSeq(), root,
        Timestamp.from(batch.sealedAt()), offset);
    return true;
  }

  /** Number of batches recorded. */
  public long count() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM sealed_batches", Long.class);
  }
}
