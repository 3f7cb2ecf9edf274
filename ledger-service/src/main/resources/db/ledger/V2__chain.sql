-- The ledger chain (issue 5). Everything a block consists of is written in ONE transaction
-- together with the new chain_head row, so a crash leaves either the whole block or nothing.

-- Kafka record timestamp (ms, as on the topic): the event time that cuts blocks. NULL for rows
-- recorded before this migration; sealed_at is used for those.
ALTER TABLE sealed_batches ADD COLUMN record_ts_ms BIGINT NULL;

CREATE TABLE blocks (
  height        BIGINT         NOT NULL,
  block_hash    BINARY(32)     NOT NULL,
  previous_hash BINARY(32)     NOT NULL,
  header        VARBINARY(512) NOT NULL, -- canonical header bytes (BlockHeaderEncoding v1)
  signature     BINARY(64)     NOT NULL, -- Ed25519 over header
  key_id        VARCHAR(255)   NOT NULL,
  batch_root    BINARY(32)     NOT NULL,
  log_size      BIGINT         NOT NULL,
  log_root      BINARY(32)     NOT NULL,
  timestamp_us  BIGINT         NOT NULL,
  batch_count   INT            NOT NULL,
  tx_count      INT            NOT NULL,
  last_offset   BIGINT         NOT NULL, -- ledger.batches offset of the block's last batch
  -- Wall clock of production: NOT hashed (replays must be byte-identical), only for lag metrics.
  produced_at   TIMESTAMP(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (height),
  UNIQUE KEY uk_blocks_hash (block_hash),
  UNIQUE KEY uk_blocks_last_offset (last_offset),
  CONSTRAINT block_height_positive CHECK (height >= 1)
) ENGINE = InnoDB;

-- The batch entries of each block, in block order (the leaves of the block's batch tree).
CREATE TABLE block_batches (
  height          BIGINT     NOT NULL,
  position        INT        NOT NULL,
  shard           INT        NOT NULL,
  batch_seq       BIGINT     NOT NULL,
  first_seq       BIGINT     NOT NULL,
  last_seq        BIGINT     NOT NULL,
  merkle_root     BINARY(32) NOT NULL,
  first_log_index BIGINT     NOT NULL,
  log_offset      BIGINT     NOT NULL,
  PRIMARY KEY (height, position),
  -- A batch is in exactly one block (DESIGN.md §8.5).
  UNIQUE KEY uk_block_batches_batch (shard, batch_seq),
  UNIQUE KEY uk_block_batches_log (first_log_index),
  KEY ix_block_batches_range (shard, first_seq, last_seq)
) ENGINE = InnoDB;

-- The append-only log: every transaction leaf hash in block order (level 0 of the log tree),
-- copied from the shard rows after recomputing it from the row's fields.
CREATE TABLE log_leaves (
  log_index BIGINT     NOT NULL,
  leaf_hash BINARY(32) NOT NULL,
  tx_id     BINARY(16) NOT NULL,
  shard     INT        NOT NULL,
  shard_seq BIGINT     NOT NULL,
  height    BIGINT     NOT NULL,
  PRIMARY KEY (log_index),
  -- A transaction is in the log exactly once.
  UNIQUE KEY uk_log_leaves_tx (tx_id),
  UNIQUE KEY uk_log_leaves_shard_seq (shard, shard_seq)
) ENGINE = InnoDB;

-- Complete perfect subtrees of the log tree above the leaves: node (level, i) is the RFC 6962
-- hash of leaves [i * 2^level, (i + 1) * 2^level). Proofs need O(log n) of them.
CREATE TABLE log_nodes (
  level      TINYINT    NOT NULL,
  node_index BIGINT     NOT NULL,
  hash       BINARY(32) NOT NULL,
  PRIMARY KEY (level, node_index)
) ENGINE = InnoDB;

-- The published head: updated last, in the block's transaction, with a compare-and-set on height.
CREATE TABLE chain_head (
  id         TINYINT    NOT NULL,
  height     BIGINT     NOT NULL,
  block_hash BINARY(32) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT chain_head_single_row CHECK (id = 1)
) ENGINE = InnoDB;

-- Every public key that ever signed a block, by key id (rotation keeps old blocks verifiable).
CREATE TABLE signing_keys (
  key_id      VARCHAR(255) NOT NULL,
  public_key  BINARY(32)   NOT NULL,
  added_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (key_id)
) ENGINE = InnoDB;
