-- Sealed settlement batches in the total order of the single-partition ledger.batches topic.
CREATE TABLE sealed_batches (
  shard        INT          NOT NULL,
  batch_seq    BIGINT       NOT NULL,
  first_seq    BIGINT       NOT NULL,
  last_seq     BIGINT       NOT NULL,
  merkle_root  BINARY(32)   NOT NULL,
  sealed_at    TIMESTAMP(6) NOT NULL,
  log_offset   BIGINT       NOT NULL,
  received_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (shard, batch_seq),
  UNIQUE KEY uk_sealed_batches_offset (log_offset)
) ENGINE = InnoDB;
