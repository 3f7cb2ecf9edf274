/**
 * What a third-party verifier of the ledger chain needs, in plain Java: the canonical block header
 * bytes ({@link com.payflow.contracts.chain.BlockHeaderEncoding}), the block hash, the batch entry
 * leaves of a block's batch tree ({@link com.payflow.contracts.chain.BatchEntry}) and Ed25519
 * signatures with key ids ({@link com.payflow.contracts.chain.ChainSignatures}). Transaction leaves
 * are {@link com.payflow.contracts.encoding.CanonicalTransactionEncoding} v1; trees are RFC 6962
 * ({@link com.payflow.contracts.merkle}). Formats: docs/ledger.md.
 */
package com.payflow.contracts.chain;
