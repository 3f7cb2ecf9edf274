package com.payflow.gateway.payment;

/**
 * What is known about one Kafka send, and therefore what the client may be told. Only {@link
 * NotWritten} allows a refusal: the record is certainly not in Kafka and never will be.
 */
sealed interface SendOutcome {

  /** The broker acknowledged the record (acks=all): it is durable and will be settled. */
  record Acknowledged() implements SendOutcome {}

  /**
   * The record never left the gateway: refused before it was appended to the producer's buffer
   * (open breaker, metadata or buffer wait exhausted, serialization). Nothing will settle.
   */
  record NotWritten(String reason) implements SendOutcome {}

  /**
   * The record was handed to the producer and no acknowledgement arrived in time, or the broker
   * answered with an error after it may have appended it: it may or may not settle.
   */
  record Unknown(String reason) implements SendOutcome {}
}
