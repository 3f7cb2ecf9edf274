package com.payflow.ledger.chain;

/** Another producer published this height first; the loser rolls back and re-reads the head. */
class ConcurrentBlockException extends RuntimeException {

  ConcurrentBlockException(long height) {
    super("block " + height + " was published by another producer");
  }
}
