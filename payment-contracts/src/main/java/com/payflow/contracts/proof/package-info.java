/**
 * The transaction proof file (docs/ledger.md, "Proof") and its verification: {@link
 * com.payflow.contracts.proof.ProofVerifier} checks every path, signature and repeated field and
 * returns only verified values. Its one implementation, used by ledger-service's offline verifier
 * (pinned keys) and by the operations dashboard (the ledger's published keys).
 */
package com.payflow.contracts.proof;
