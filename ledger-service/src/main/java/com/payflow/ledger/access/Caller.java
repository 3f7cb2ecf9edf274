package com.payflow.ledger.access;

import com.payflow.contracts.account.ClientId;

/**
 * Who is calling: nobody in particular (no key), an API client, or the operator.
 *
 * @param role what the key proved
 * @param client the API client; only for {@link Role#CLIENT}
 */
public record Caller(Role role, ClientId client) {

  /** A request without an API key. */
  public static final Caller ANONYMOUS = new Caller(Role.ANONYMOUS, null);

  /** A request with the operator's key. */
  public static final Caller OPERATOR = new Caller(Role.OPERATOR, null);

  /** What an API key proved. */
  public enum Role {
    /** No key was sent. */
    ANONYMOUS,
    /** A key registered for an API client. */
    CLIENT,
    /** The operator's key. */
    OPERATOR
  }

  /** Exactly the API client role names a client. */
  public Caller {
    if ((role == Role.CLIENT) != (client != null)) {
      throw new IllegalArgumentException(
          "a caller names a client exactly when its role is"
              + " CLIENT, was "
              + role
              + " with client "
              + client);
    }
  }

  /** The API client {@code client}. */
  public static Caller client(ClientId client) {
    return new Caller(Role.CLIENT, client);
  }

  /**
   * Whether this caller may see what a payment of {@code owner} contains (payer, payee, amount):
   * the API client that submitted it, or the operator.
   */
  public boolean mayReadContentsOf(String owner) {
    return role == Role.OPERATOR || (role == Role.CLIENT && client.value().equals(owner));
  }
}
