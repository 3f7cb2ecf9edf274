package com.payflow.client;

import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.proof.ProofVerifier;

/**
 * Proof, checked offline against pinned ledger keys, that a payment is in payflow's signed,
 * append-only log: the block that holds it, its position in the log, and the signed head the block
 * is a prefix of. {@code verified} carries every checked value (leaf contents only when the caller
 * may see them: its own payments).
 */
public record Receipt(
    TxId txId, long blockHeight, long logIndex, long headHeight, ProofVerifier.Verified verified) {}
