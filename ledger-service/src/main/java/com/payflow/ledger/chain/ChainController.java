package com.payflow.ledger.chain;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.ledger.system.ApiProblem;
import com.payflow.ledger.system.LedgerProperties;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Blocks, the signed head, public keys, consistency proofs and the chain export. */
@RestController
class ChainController {

  private final ChainStore chain;
  private final NodeCache nodes;
  private final BlockSigner signer;
  private final ChainExport export;
  private final LedgerProperties properties;

  ChainController(
      ChainStore chain,
      NodeCache nodes,
      BlockSigner signer,
      ChainExport export,
      LedgerProperties properties) {
    this.chain = chain;
    this.nodes = nodes;
    this.signer = signer;
    this.export = export;
    this.properties = properties;
  }

  /** Blocks from height {@code from}, at most {@code limit} (bounded by max-page-size). */
  @GetMapping("/api/v1/blocks")
  List<BlockView> blocks(
      @RequestParam(defaultValue = "1") long from, @RequestParam(defaultValue = "20") int limit) {
    if (from < 1) {
      throw ApiProblem.badParameter("from must be >= 1, was " + from);
    }
    if (limit < 1 || limit > properties.maxPageSize()) {
      throw ApiProblem.badParameter(
          "limit must be 1.."
              + properties.maxPageSize()
              + " (payflow.ledger.max-page-size), was "
              + limit);
    }
    return chain.blocks(from, limit).stream().map(block -> BlockView.of(block, null)).toList();
  }

  /** One block with its batch entries. */
  @GetMapping("/api/v1/blocks/{height}")
  BlockView block(@PathVariable long height) {
    StoredBlock block = published(height);
    return BlockView.of(block, chain.batchesOf(height));
  }

  /** The signed head. */
  @GetMapping("/api/v1/chain/head")
  BlockView head() {
    return chain
        .head()
        .map(block -> BlockView.of(block, null))
        .orElseThrow(() -> ApiProblem.notFound("chain-empty", "no block has been produced yet"));
  }

  /** The active signing key and every key that ever signed a block. */
  @GetMapping("/api/v1/chain/public-key")
  Map<String, Object> publicKey() {
    List<Map<String, String>> keys = new ArrayList<>();
    chain.keys().forEach((id, key) -> keys.add(keyView(id, key)));
    return Map.of(
        "algorithm",
        ChainSignatures.ALGORITHM,
        "active",
        keyView(signer.keyId(), signer.publicKey()),
        "keys",
        keys);
  }

  /** RFC 6962 consistency proof between the logs of blocks {@code from} and {@code to}. */
  @GetMapping("/api/v1/chain/consistency")
  Map<String, Object> consistency(@RequestParam long from, @RequestParam long to) {
    if (from < 1 || to < from) {
      throw ApiProblem.badParameter("need 1 <= from <= to, were " + from + ", " + to);
    }
    BlockHeader older = published(from).header();
    StoredBlock newerBlock = published(to);
    BlockHeader newer = newerBlock.header();
    var proof =
        PrefetchedLog.compute(nodes, log -> log.consistency(older.logSize(), newer.logSize()));
    // Pair assertion: never hand out a proof the ledger itself cannot verify.
    if (!MerkleVerifier.verifyConsistency(proof, older.logRoot(), newer.logRoot())) {
      throw new IllegalStateException(
          "consistency proof " + from + " -> " + to + " does not verify against the stored roots");
    }
    return Map.of(
        "from",
        BlockView.of(published(from), null),
        "to",
        BlockView.of(newerBlock, null),
        "fromLogSize",
        older.logSize(),
        "toLogSize",
        newer.logSize(),
        "path",
        proof.path().stream().map(Sha256Hash::hex).toList());
  }

  /** Every block up to {@code to} (default: head) with batch entries and leaves, streamed. */
  @GetMapping(value = "/api/v1/chain/export", produces = MediaType.APPLICATION_JSON_VALUE)
  StreamingResponseBody export(@RequestParam(required = false) Long to) {
    StoredBlock last =
        to == null
            ? chain
                .head()
                .orElseThrow(
                    () -> ApiProblem.notFound("chain-empty", "no block has been produced yet"))
            : published(to);
    if (last.header().logSize() > properties.maxExportTransactions()) {
      throw ApiProblem.badParameter(
          "the log up to block "
              + last.header().height()
              + " has "
              + last.header().logSize()
              + " transactions, more than "
              + "payflow.ledger.max-export-transactions="
              + properties.maxExportTransactions()
              + "; export up to an earlier block with ?to=");
    }
    return out -> export.write(last.header().height(), out);
  }

  private StoredBlock published(long height) {
    StoredBlock head =
        chain
            .head()
            .orElseThrow(
                () -> ApiProblem.notFound("block-not-found", "no block has been produced yet"));
    if (height < 1 || height > head.header().height()) {
      throw ApiProblem.notFound(
          "block-not-found",
          "no block at height " + height + " (head is " + head.header().height() + ")");
    }
    return chain
        .block(height)
        .orElseThrow(
            () -> new IllegalStateException("block " + height + " below the head is missing"));
  }

  private static Map<String, String> keyView(String id, PublicKey key) {
    byte[] raw = ChainSignatures.rawPublicKey(key);
    return Map.of(
        "keyId",
        id,
        "publicKey",
        HexFormat.of().formatHex(raw),
        "publicKeyBase64",
        Base64.getEncoder().encodeToString(raw),
        "x509Base64",
        Base64.getEncoder().encodeToString(key.getEncoded()));
  }
}
