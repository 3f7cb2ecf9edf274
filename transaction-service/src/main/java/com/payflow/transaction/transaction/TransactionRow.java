package com.payflow.transaction.transaction;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Read-only mapping of a payment settled or rejected on its payer's shard. */
@Entity
@Immutable
@Table(name = "transactions")
public class TransactionRow {

  @Id
  @Column(name = "tx_id")
  @JdbcTypeCode(SqlTypes.BINARY)
  private UUID txId;

  @Column(name = "shard_seq")
  private long shardSeq;

  @Column(name = "batch_seq")
  private long batchSeq;

  @Column(name = "client_id")
  private String clientId;

  private String payer;

  private String payee;

  private long amount;

  private String currency;

  private String reference;

  private String status;

  private String reason;

  @Column(name = "payee_shard")
  private int payeeShard;

  @Column(name = "submitted_us")
  private long submittedMicros;

  @Column(name = "decided_us")
  private long decidedMicros;

  protected TransactionRow() {}

  /** Transaction id. */
  public UUID txId() {
    return txId;
  }

  /** Gap-free sequence number on the payer's shard. */
  public long shardSeq() {
    return shardSeq;
  }

  /** The sealed batch holding it. */
  public long batchSeq() {
    return batchSeq;
  }

  /** The submitting client ({@code system} for fundings). */
  public String clientId() {
    return clientId;
  }

  /** Paying account. */
  public String payer() {
    return payer;
  }

  /** Receiving account. */
  public String payee() {
    return payee;
  }

  /** Amount in minor units (positive). */
  public long amount() {
    return amount;
  }

  /** ISO 4217 code. */
  public String currency() {
    return currency;
  }

  /** The client's reference. */
  public String reference() {
    return reference;
  }

  /** SETTLED or REJECTED. */
  public String status() {
    return status;
  }

  /** Rejection reason, null when settled. */
  public String reason() {
    return reason;
  }

  /** Shard of the payee. */
  public int payeeShard() {
    return payeeShard;
  }

  /** Submission time, microseconds since the epoch (UTC). */
  public long submittedMicros() {
    return submittedMicros;
  }

  /** Decision time, microseconds since the epoch (UTC). */
  public long decidedMicros() {
    return decidedMicros;
  }
}
