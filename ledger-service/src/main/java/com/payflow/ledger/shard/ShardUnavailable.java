package com.payflow.ledger.shard;

/** A shard database could not be read; an operating error, retried by the caller. */
public class ShardUnavailable extends RuntimeException {

  ShardUnavailable(int shard, Throwable cause) {
    super("shard " + shard + " cannot be read: " + cause.getMessage(), cause);
  }
}
