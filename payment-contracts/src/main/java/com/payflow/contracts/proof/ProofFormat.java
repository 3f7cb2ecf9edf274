package com.payflow.contracts.proof;

/** Constants of the transaction proof file format (docs/ledger.md, "Proof"). */
public final class ProofFormat {

  /** Proof format version. */
  public static final int VERSION = 1;

  /** {@code leafContents} of a proof with the leaf's bytes. */
  public static final String INCLUDED = "included";

  /** {@code leafContents} of a hashes-only proof. */
  public static final String WITHHELD = "withheld";

  private ProofFormat() {}
}
