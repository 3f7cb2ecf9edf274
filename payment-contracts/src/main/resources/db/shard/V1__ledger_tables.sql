-- One shard of the ledger. Every shard has the same schema; accounts live on the shard their
-- bucket maps to (ShardRouter), system accounts (clearing) exist once per shard and currency.

CREATE TABLE accounts (
  id           VARCHAR(64)  NOT NULL,
  owner_client VARCHAR(64)  NOT NULL,
  currency     CHAR(3)      NOT NULL,
  kind         VARCHAR(16)  NOT NULL, -- CUSTOMER | FUNDING | CLEARING
  status       VARCHAR(16)  NOT NULL, -- OPEN | CLOSED
  balance      BIGINT       NOT NULL DEFAULT 0,
  created_at   TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  KEY ix_accounts_owner (owner_client, id),
  -- Third line of defence after the gateway hold and the settlement decision.
  CONSTRAINT customer_balance_never_negative CHECK (kind <> 'CUSTOMER' OR balance >= 0),
  CONSTRAINT account_kind_known CHECK (kind IN ('CUSTOMER', 'FUNDING', 'CLEARING')),
  CONSTRAINT account_status_known CHECK (status IN ('OPEN', 'CLOSED'))
) ENGINE = InnoDB;

-- Payments whose payer lives on this shard: settled or rejected, exactly once (primary key).
CREATE TABLE transactions (
  tx_id        BINARY(16)   NOT NULL,
  shard_seq    BIGINT       NOT NULL,
  batch_seq    BIGINT       NOT NULL,
  client_id    VARCHAR(64)  NOT NULL,
  payer        VARCHAR(64)  NOT NULL,
  payee        VARCHAR(64)  NOT NULL,
  amount       BIGINT       NOT NULL,
  currency     CHAR(3)      NOT NULL,
  reference    VARCHAR(140) NOT NULL,
  status       VARCHAR(16)  NOT NULL, -- SETTLED | REJECTED
  reason       VARCHAR(64)  NULL,
  payee_shard  INT          NOT NULL,
  -- Times as integer microseconds (UTC): hashed into the leaf, so no time-zone conversion.
  submitted_us BIGINT       NOT NULL,
  decided_us   BIGINT       NOT NULL,
  leaf_hash    BINARY(32)   NOT NULL,
  PRIMARY KEY (tx_id),
  UNIQUE KEY uk_transactions_shard_seq (shard_seq),
  KEY ix_transactions_batch (batch_seq),
  KEY ix_transactions_payer (payer, shard_seq),
  CONSTRAINT transaction_amount_positive CHECK (amount > 0),
  CONSTRAINT transaction_status_known CHECK (status IN ('SETTLED', 'REJECTED'))
) ENGINE = InnoDB;

-- Credit legs of cross-shard payments applied on this (the payee's) shard, exactly once.
CREATE TABLE credit_legs (
  tx_id       BINARY(16)   NOT NULL,
  payer       VARCHAR(64)  NOT NULL,
  payee       VARCHAR(64)  NOT NULL,
  amount      BIGINT       NOT NULL,
  currency    CHAR(3)      NOT NULL,
  payer_shard INT          NOT NULL,
  applied_at  TIMESTAMP(6) NOT NULL,
  PRIMARY KEY (tx_id)
) ENGINE = InnoDB;

-- Double-entry postings: every database transaction writes entries that sum to zero.
CREATE TABLE entries (
  entry_id   BIGINT       NOT NULL AUTO_INCREMENT,
  tx_id      BINARY(16)   NOT NULL,
  account_id VARCHAR(64)  NOT NULL,
  amount     BIGINT       NOT NULL, -- signed: negative debits, positive credits
  currency   CHAR(3)      NOT NULL,
  posted_at  TIMESTAMP(6) NOT NULL,
  PRIMARY KEY (entry_id),
  UNIQUE KEY uk_entries_tx_account (tx_id, account_id),
  KEY ix_entries_account (account_id, entry_id),
  CONSTRAINT entry_amount_nonzero CHECK (amount <> 0)
) ENGINE = InnoDB;

-- Sealed batches: the Merkle root over the leaf hashes of shard_seq first_seq..last_seq.
CREATE TABLE batches (
  batch_seq   BIGINT       NOT NULL,
  first_seq   BIGINT       NOT NULL,
  last_seq    BIGINT       NOT NULL,
  merkle_root BINARY(32)   NOT NULL,
  sealed_at   TIMESTAMP(6) NOT NULL,
  PRIMARY KEY (batch_seq),
  CONSTRAINT batch_range_valid CHECK (first_seq >= 1 AND last_seq >= first_seq)
) ENGINE = InnoDB;

-- The shard's gap-free counters. Its row lock also serialises settlement batches of one shard,
-- which keeps sequence numbers and batch contents deterministic.
CREATE TABLE shard_sequence (
  id             TINYINT NOT NULL,
  next_tx_seq    BIGINT  NOT NULL,
  next_batch_seq BIGINT  NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB;

INSERT INTO shard_sequence (id, next_tx_seq, next_batch_seq) VALUES (1, 1, 1);
