package com.payflow.transaction.transaction;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Read-only mapping of a double-entry posting. No association to its transaction on purpose: the
 * credit of a cross-shard payment lives on the payee's shard while the transaction row is on the
 * payer's, so a mapped association would be a lazy proxy per row (N+1) that sometimes points
 * nowhere. Queries join explicitly instead.
 */
@Entity
@Immutable
@Table(name = "entries")
public class EntryRow {

  @Id
  @Column(name = "entry_id")
  private long entryId;

  @Column(name = "tx_id")
  @JdbcTypeCode(SqlTypes.BINARY)
  private UUID txId;

  @Column(name = "account_id")
  private String accountId;

  private long amount;

  private String currency;

  @Column(name = "posted_at")
  private Instant postedAt;

  protected EntryRow() {}

  /** Auto-increment id: per account, in commit order. */
  public long entryId() {
    return entryId;
  }

  /** The transaction this posting belongs to. */
  public UUID txId() {
    return txId;
  }

  /** The account posted to. */
  public String accountId() {
    return accountId;
  }

  /** Signed amount in minor units: negative debits, positive credits. */
  public long amount() {
    return amount;
  }

  /** ISO 4217 code. */
  public String currency() {
    return currency;
  }

  /** When settlement posted it. */
  public Instant postedAt() {
    return postedAt;
  }
}
