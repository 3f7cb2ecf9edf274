package com.payflow.transaction.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * Read-only mapping of a shard's {@code accounts} row (schema owned by settlement-consumer).
 * Balances change only through settlement; the read side writes accounts with plain JDBC (open,
 * close), never through this entity.
 */
@Entity
@Immutable
@Table(name = "accounts")
public class AccountRow {

  @Id private String id;

  @Column(name = "owner_client")
  private String ownerClient;

  private String currency;

  private String kind;

  private String status;

  private long balance;

  @Column(name = "created_at")
  private Instant createdAt;

  protected AccountRow() {}

  /** Account id. */
  public String id() {
    return id;
  }

  /** The client owning the account. */
  public String ownerClient() {
    return ownerClient;
  }

  /** ISO 4217 code. */
  public String currency() {
    return currency;
  }

  /** CUSTOMER, FUNDING or CLEARING. */
  public String kind() {
    return kind;
  }

  /** OPEN or CLOSED. */
  public String status() {
    return status;
  }

  /** Booked balance in minor units. */
  public long balance() {
    return balance;
  }

  /** When the row was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** As the read side's value type. */
  public Account toAccount() {
    return new Account(id, ownerClient, currency, kind, status, balance);
  }
}
