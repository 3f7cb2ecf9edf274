package com.payflow.ledger.verification;

/** A shard's books could not be read (an operating error: the verification fails, not a row). */
final class BooksUnreadable extends RuntimeException {

  BooksUnreadable(int shard, Throwable cause) {
    super("the books of shard " + shard + " cannot be read: " + cause.getMessage(), cause);
  }
}
