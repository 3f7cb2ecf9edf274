package com.payflow.ledger.verifier;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last head the offline verifier trusted, kept in a small JSON state file so that a later run
 * can reject a rollback (a lower height) or a fork (another hash at a known height).
 *
 * @param height head height
 * @param hash head block hash (hex)
 * @param logSize head log size
 * @param logRoot head log root (hex)
 */
record TrustedHead(long height, String hash, long logSize, String logRoot) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static TrustedHead of(BlockHeader header) {
    return new TrustedHead(
        header.height(),
        BlockHeaderEncoding.blockHash(header).hex(),
        header.logSize(),
        header.logRoot().hex());
  }

  static Optional<TrustedHead> read(Path file) throws IOException {
    if (file == null || !Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode node = JSON.readTree(Files.readAllBytes(file));
    return Optional.of(
        new TrustedHead(
            node.get("height").asLong(),
            node.get("hash").asString(),
            node.get("logSize").asLong(),
            node.get("logRoot").asString()));
  }

  void write(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path temporary = Files.createTempFile(absolute.getParent(), "trusted-head", ".tmp");
    Files.write(temporary, JSON.writeValueAsBytes(this));
    // Atomic: a crash never leaves a state file that trusts nothing or half a head.
    Files.move(
        temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
