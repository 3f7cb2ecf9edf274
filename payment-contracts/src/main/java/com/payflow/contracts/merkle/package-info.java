/**
 * RFC 6962 / RFC 9162 Merkle trees over SHA-256: tree hashes, inclusion and consistency proofs.
 *
 * <p>Leaves are hashed as {@code SHA-256(0x00 || data)} and interior nodes as {@code SHA-256(0x01
 * || left || right)}. The domain separation prevents a leaf from being passed off as an interior
 * node (second-preimage attack), and the RFC split rule (largest power of two strictly below the
 * size) means the last leaf is never duplicated, so the CVE-2012-2459 class of ambiguity, where two
 * different leaf lists share a root, cannot occur.
 *
 * <p>All types are immutable and thread-safe. Builders ({@link
 * com.payflow.contracts.merkle.MerkleTree}) fail fast on bad input; verifiers ({@link
 * com.payflow.contracts.merkle.MerkleVerifier}) return {@code false} for any malformed or tampered
 * proof.
 */
package com.payflow.contracts.merkle;
