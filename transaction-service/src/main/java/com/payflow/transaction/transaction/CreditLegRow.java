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

/** Read-only mapping of a cross-shard credit leg applied on the payee's shard. */
@Entity
@Immutable
@Table(name = "credit_legs")
public class CreditLegRow {

  @Id
  @Column(name = "tx_id")
  @JdbcTypeCode(SqlTypes.BINARY)
  private UUID txId;

  private String payer;

  private String payee;

  private long amount;

  private String currency;

  @Column(name = "payer_shard")
  private int payerShard;

  @Column(name = "applied_at")
  private Instant appliedAt;

  protected CreditLegRow() {}

  /** Transaction id (same as on the payer's shard). */
  public UUID txId() {
    return txId;
  }

  /** Paying account (on another shard). */
  public String payer() {
    return payer;
  }

  /** Credited account. */
  public String payee() {
    return payee;
  }

  /** Amount in minor units. */
  public long amount() {
    return amount;
  }

  /** ISO 4217 code. */
  public String currency() {
    return currency;
  }

  /** Shard of the payer. */
  public int payerShard() {
    return payerShard;
  }

  /** When the credit was applied. */
  public Instant appliedAt() {
    return appliedAt;
  }
}
