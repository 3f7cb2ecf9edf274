package com.payflow.ledger.chain;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.merkle.Sha256Hash;

/**
 * A block as stored: canonical header bytes, their hash and signature.
 *
 * @param headerBytes canonical header bytes (what is hashed and signed)
 * @param hash the stored block hash
 * @param signature Ed25519 signature over {@code headerBytes}
 * @param lastOffset ledger.batches offset of the block's last batch
 * @param producedAtMicros wall clock of production (not hashed; for lag figures)
 */
public record StoredBlock(
    byte[] headerBytes, Sha256Hash hash, byte[] signature, long lastOffset, long producedAtMicros) {

  /** The decoded header. */
  public BlockHeader header() {
    return BlockHeaderEncoding.decode(headerBytes);
  }
}
