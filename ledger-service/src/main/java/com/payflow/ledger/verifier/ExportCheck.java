package com.payflow.ledger.verifier;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.proof.JsonInput;
import com.payflow.contracts.proof.ProofVerificationException;
import com.payflow.contracts.proof.SignedHeaders;
import com.payflow.ledger.chain.LogFrontier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Verifies a chain export from height 1: every header's signature and link, every batch root from
 * its leaves, every block batch root, and the log size and root from all leaves.
 */
final class ExportCheck {

  /** The export format this verifier reads (docs/ledger.md, "Chain export"). */
  private static final long FORMAT_VERSION = 1;

  private final SignedHeaders headers;

  ExportCheck(SignedHeaders headers) {
    this.headers = headers;
  }

  /** The verified chain: hashes by height, and the last header. */
  record Verified(Map<Long, String> hashByHeight, BlockHeader head, long transactions) {}

  Verified verify(JsonNode json) throws ProofVerificationException {
    JsonInput export = JsonInput.root(json);
    export.requireEqual(
        "version",
        export.number("version"),
        FORMAT_VERSION,
        "this verifier (the only export format it reads)");
    LogFrontier log = LogFrontier.empty();
    Sha256Hash previous = BlockHeader.NO_PREVIOUS;
    Map<Long, String> hashes = new HashMap<>();
    BlockHeader header = null;
    long expectedHeight = 1;
    // "keys" is informational: only the pinned keys are trusted.
    for (JsonInput block : export.objects("blocks")) {
      String what = block.name() + " (block " + expectedHeight + ")";
      header = headers.verify(block, false);
      if (header.height() != expectedHeight || !header.previousHash().equals(previous)) {
        throw new ProofVerificationException(what + ": height or previous-hash link is broken");
      }
      List<Sha256Hash> entryLeaves = new ArrayList<>();
      long transactions = 0;
      for (JsonInput batch : block.objects("batches")) {
        BatchEntry entry = SignedHeaders.entry(batch, "entry");
        List<Sha256Hash> leaves = batch.hashes("leaves");
        if (leaves.size() != entry.count() || !MerkleTree.rootOf(leaves).equals(entry.root())) {
          throw new ProofVerificationException(
              batch.path("leaves")
                  + ": the leaves of batch "
                  + entry.shard()
                  + "/"
                  + entry.batchSeq()
                  + " do not give its root");
        }
        leaves.forEach(log::append);
        entryLeaves.add(entry.leafHash());
        transactions += leaves.size();
      }
      if (entryLeaves.size() != header.batchCount()
          || transactions != header.txCount()
          || !MerkleTree.rootOf(entryLeaves).equals(header.batchRoot())) {
        throw new ProofVerificationException(what + ": batch entries do not give the batch root");
      }
      if (log.size() != header.logSize() || !log.root().equals(header.logRoot())) {
        throw new ProofVerificationException(what + ": leaves do not give the log size and root");
      }
      previous = BlockHeaderEncoding.blockHash(header);
      hashes.put(header.height(), previous.hex());
      expectedHeight++;
    }
    if (header == null) {
      throw new ProofVerificationException("the export holds no block");
    }
    return new Verified(hashes, header, log.size());
  }
}
