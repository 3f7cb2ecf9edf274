package com.payflow.ledger.verifier;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.merkle.ConsistencyProof;
import com.payflow.contracts.merkle.MerkleVerifier;
import com.payflow.contracts.proof.JsonInput;
import com.payflow.contracts.proof.LeafContents;
import com.payflow.contracts.proof.ProofVerificationException;
import com.payflow.contracts.proof.ProofVerifier;
import com.payflow.contracts.proof.SignedHeaders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline verifier: no server, no database, trusts only the pinned public key(s).
 *
 * <pre>
 * java -jar ledger-service.jar verify --public-key HEX|BASE64|@FILE [--public-key ...]
 *     [--proof FILE]... [--chain FILE] [--consistency FILE] [--state FILE]
 * java -jar ledger-service.jar verify --help
 * </pre>
 *
 * <p>Exit 0 when everything verifies (or for {@code --help}), 1 on any verification failure
 * (including a rollback or fork against the state file), 2 on a usage or I/O error. A success line
 * prints only values that were verified. See docs/ledger.md.
 */
public final class OfflineVerifier {

  /** Everything verified. */
  static final int OK = 0;

  /** Something did not verify. */
  static final int FAILED = 1;

  /** Bad arguments or unreadable files. */
  static final int USAGE = 2;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String USAGE_TEXT =
      """
      usage: verify --public-key HEX|BASE64|@FILE [--public-key ...] [--proof FILE]...
                    [--chain FILE] [--consistency FILE] [--state FILE]
             verify --help
        --public-key   a pinned ledger key: 64 hex digits, base64 (raw or X.509) or @file;
                       repeat it for every key that signed (rotation)
        --proof        a transaction proof (GET /api/v1/transactions/{id}/proof), with the
                       leaf's contents or hashes only; may be repeated
        --chain        a chain export (GET /api/v1/chain/export)
        --consistency  a consistency proof (GET /api/v1/chain/consistency?from=&to=)
        --state        file remembering the last trusted head: a later run fails on a
                       rollback (lower head) or a fork (another hash at a known height)
      exit: 0 verified, 1 verification failed (the line names what), 2 usage or unreadable input
      """;
  private static final List<String> HELP_FLAGS = List.of("--help", "-h");

  private final PrintStream out;

  /** A verifier that reports to {@code out}. */
  public OfflineVerifier(PrintStream out) {
    this.out = out;
  }

  /** Entry point: {@code verify} arguments without the subcommand word. */
  public static void main(String[] args) {
    System.exit(new OfflineVerifier(System.out).run(args));
  }

  /** Runs the verification and returns the exit code. */
  public int run(String[] args) {
    if (Arrays.stream(args).anyMatch(HELP_FLAGS::contains)) {
      out.print(USAGE_TEXT);
      return OK;
    }
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    List<Path> proofs = new ArrayList<>();
    Path chain = null;
    Path consistency = null;
    Path state = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--public-key" -> {
            PublicKey key = parseKey(require(value, "--public-key"));
            keys.put(ChainSignatures.keyId(key), key);
          }
          case "--proof" -> proofs.add(Path.of(require(value, "--proof")));
          case "--chain" -> chain = Path.of(require(value, "--chain"));
          case "--consistency" -> consistency = Path.of(require(value, "--consistency"));
          case "--state" -> state = Path.of(require(value, "--state"));
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
        i++;
      }
      if (keys.isEmpty() || (proofs.isEmpty() && chain == null && consistency == null)) {
        throw new IllegalArgumentException(
            "need --public-key and at least one of --proof," + " --chain, --consistency");
      }
    } catch (IllegalArgumentException | IOException usage) {
      out.println("usage error: " + usage.getMessage());
      out.print(USAGE_TEXT);
      return USAGE;
    }
    try {
      return verify(keys, proofs, chain, consistency, state);
    } catch (IOException | RuntimeException unreadable) {
      out.println("FAIL cannot read input: " + unreadable.getMessage());
      return USAGE;
    }
  }

  private int verify(
      Map<String, PublicKey> keys, List<Path> proofs, Path chain, Path consistency, Path state)
      throws IOException {
    SignedHeaders headers = new SignedHeaders(keys);
    Optional<TrustedHead> trusted = TrustedHead.read(state);
    trusted.ifPresent(
        head -> out.println("trusted head: height " + head.height() + " " + head.hash()));
    BlockHeader newest = null;
    try {
      Map<Long, String> knownHashes = new LinkedHashMap<>();
      if (chain != null) {
        var verified = new ExportCheck(headers).verify(read(chain));
        knownHashes.putAll(verified.hashByHeight());
        newest = verified.head();
        out.println(
            "OK chain export: "
                + verified.hashByHeight().size()
                + " blocks, "
                + verified.transactions()
                + " transactions, head "
                + newest.height()
                + " "
                + BlockHeaderEncoding.blockHash(newest).hex());
      }
      for (Path proof : proofs) {
        ProofVerifier.Verified verified = new ProofVerifier(keys).verify(read(proof));
        out.println(successLine(verified));
        BlockHeader head = verified.head();
        remember(knownHashes, verified.block());
        remember(knownHashes, head);
        newest = newer(newest, head);
      }
      if (consistency != null) {
        BlockHeader to = verifyConsistency(headers, read(consistency), knownHashes, trusted);
        out.println(
            "OK consistency: the log of an older signed head is a prefix of head " + to.height());
        newest = newer(newest, to);
      }
      if (trusted.isPresent()) {
        checkNoRollback(trusted.get(), newest, knownHashes);
      }
    } catch (ProofVerificationException failed) {
      out.println("FAIL " + failed.getMessage());
      return FAILED;
    }
    if (state != null
        && newest != null
        && (trusted.isEmpty() || newest.height() > trusted.get().height())) {
      TrustedHead.of(newest).write(state);
      out.println("trusted head is now " + newest.height());
    }
    return OK;
  }

  /**
   * The success line of a proof: only what was verified. A hashes-only proof verifies the leaf hash
   * and its position, not which transaction it is or what it says.
   */
  private static String successLine(ProofVerifier.Verified proof) {
    String where =
        "block "
            + proof.block().height()
            + ", log index "
            + proof.logIndex()
            + ", head "
            + proof.head().height();
    LeafContents leaf = proof.contents();
    if (leaf == null) {
      return "OK proof of leaf "
          + proof.leafHash().hex()
          + " (shard "
          + proof.shard()
          + ", sequence "
          + proof.shardSeq()
          + "): "
          + where
          + "; leaf contents not included"
          + " (hashes-only proof): transaction id, payer, payee and amount not verified";
    }
    return "OK proof of "
        + leaf.txId()
        + ": "
        + where
        + "; leaf contents verified: payer "
        + leaf.payer()
        + ", payee "
        + leaf.payee()
        + ", amount "
        + leaf.amount()
        + " "
        + leaf.currency()
        + " (minor units), "
        + leaf.status()
        + (leaf.reason().isEmpty() ? "" : " " + leaf.reason());
  }

  /** The consistency endpoint's JSON: both heads signed, old log a prefix of the new one. */
  private static BlockHeader verifyConsistency(
      SignedHeaders headers,
      JsonNode json,
      Map<Long, String> knownHashes,
      Optional<TrustedHead> trusted)
      throws ProofVerificationException {
    JsonInput proof = JsonInput.root(json);
    BlockHeader from = headers.verify(proof.object("from"), true);
    BlockHeader to = headers.verify(proof.object("to"), true);
    String signed = "the signed header";
    if (proof.has("fromLogSize")) {
      proof.requireEqual("fromLogSize", proof.number("fromLogSize"), from.logSize(), signed);
    }
    if (proof.has("toLogSize")) {
      proof.requireEqual("toLogSize", proof.number("toLogSize"), to.logSize(), signed);
    }
    if (!MerkleVerifier.verifyConsistency(
        new ConsistencyProof(from.logSize(), to.logSize(), proof.hashes("path")),
        from.logRoot(),
        to.logRoot())) {
      throw new ProofVerificationException(
          "path: the consistency proof "
              + from.height()
              + " -> "
              + to.height()
              + " does not verify");
    }
    remember(knownHashes, from);
    remember(knownHashes, to);
    if (trusted.isPresent() && from.height() == trusted.get().height()) {
      // The trusted log is proven a prefix of the new head's log: an append-only extension.
      if (!trusted.get().logRoot().equals(from.logRoot().hex())) {
        throw new ProofVerificationException(
            "consistency proof starts from another log than the" + " trusted head");
      }
    }
    return to;
  }

  /**
   * Records the hash of a signed block seen in this run; two signed blocks at one height are a
   * fork, whichever files they came from.
   */
  private static void remember(Map<Long, String> knownHashes, BlockHeader header)
      throws ProofVerificationException {
    String hash = BlockHeaderEncoding.blockHash(header).hex();
    String seen = knownHashes.putIfAbsent(header.height(), hash);
    if (seen != null && !seen.equals(hash)) {
      throw new ProofVerificationException(
          "fork: two signed blocks at height " + header.height() + ": " + seen + " and " + hash);
    }
  }

  private static void checkNoRollback(
      TrustedHead trusted, BlockHeader newest, Map<Long, String> knownHashes)
      throws ProofVerificationException {
    if (newest != null && newest.height() < trusted.height()) {
      throw new ProofVerificationException(
          "rollback: the newest signed head is "
              + newest.height()
              + " but height "
              + trusted.height()
              + " was trusted before");
    }
    String seen = knownHashes.get(trusted.height());
    if (seen != null && !seen.equals(trusted.hash())) {
      throw new ProofVerificationException(
          "fork: block "
              + trusted.height()
              + " has hash "
              + seen
              + " but "
              + trusted.hash()
              + " was trusted before");
    }
  }

  private static BlockHeader newer(BlockHeader current, BlockHeader candidate) {
    return current == null || candidate.height() > current.height() ? candidate : current;
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(Files.readAllBytes(file));
  }

  private static String require(String value, String flag) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }

  /** A key as {@link ChainSignatures#publicKeyFromText} reads it, or {@code @file} holding one. */
  static PublicKey parseKey(String text) throws IOException {
    return ChainSignatures.publicKeyFromText(
        text.startsWith("@") ? Files.readString(Path.of(text.substring(1))) : text);
  }
}
