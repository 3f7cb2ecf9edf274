package com.payflow.ledger.chain;

import com.payflow.contracts.chain.BatchEntry;
import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.chain.BlockHeaderEncoding;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.merkle.MerkleTree;
import com.payflow.contracts.merkle.NodeReader;
import com.payflow.contracts.merkle.Sha256Hash;
import com.payflow.contracts.payment.TxId;
import java.security.PublicKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The chain tables of the ledger database. */
@Repository
public class ChainStore implements NodeBatchReader {

  private static final String BLOCK_COLUMNS =
      "header, block_hash, signature, last_offset, produced_at";
  private static final String BATCH_COLUMNS =
      "height, position, shard, batch_seq, first_seq," + " last_seq, merkle_root, first_log_index";
  private static final String LEAF_COLUMNS =
      "log_index, leaf_hash, tx_id, shard, shard_seq," + " height";

  /** Positions per bulk node query, so one statement never grows without bound. */
  private static final int MAX_NODES_PER_QUERY = 1_000;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  ChainStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /** The published head, empty before the first block. */
  public Optional<StoredBlock> head() {
    return jdbc
        .query(
            "SELECT "
                + prefixed("b")
                + " FROM chain_head h JOIN blocks b"
                + " ON b.height = h.height WHERE h.id = 1",
            (row, i) -> block(row))
        .stream()
        .findFirst();
  }

  /** The block at {@code height}. */
  public Optional<StoredBlock> block(long height) {
    return jdbc
        .query(
            "SELECT " + BLOCK_COLUMNS + " FROM blocks WHERE height = ?",
            (row, i) -> block(row),
            height)
        .stream()
        .findFirst();
  }

  /** Up to {@code limit} blocks from {@code fromHeight} upwards, at most up to the head. */
  public List<StoredBlock> blocks(long fromHeight, int limit) {
    return jdbc.query(
        "SELECT "
            + prefixed("b")
            + " FROM blocks b JOIN chain_head h ON h.id = 1"
            + " WHERE b.height >= ? AND b.height <= h.height ORDER BY b.height LIMIT ?",
        (row, i) -> block(row),
        fromHeight,
        limit);
  }

  /** The batches of block {@code height}, in block order. */
  public List<BlockBatch> batchesOf(long height) {
    return jdbc.query(
        "SELECT " + BATCH_COLUMNS + " FROM block_batches WHERE height = ?" + " ORDER BY position",
        (row, i) -> blockBatch(row),
        height);
  }

  /** Up to {@code limit} block batches after (height, position), in chain order (keyset). */
  public List<BlockBatch> batchesAfter(long height, int position, int limit) {
    return jdbc.query(
        "SELECT "
            + BATCH_COLUMNS
            + " FROM block_batches WHERE height > ?"
            + " OR (height = ? AND position > ?) ORDER BY height, position LIMIT ?",
        (row, i) -> blockBatch(row),
        height,
        height,
        position,
        limit);
  }

  /** The block batch holding {@code shardSeq} of {@code shard}. */
  public Optional<BlockBatch> batchHolding(int shard, long shardSeq) {
    return jdbc
        .query(
            "SELECT "
                + BATCH_COLUMNS
                + " FROM block_batches WHERE shard = ?"
                + " AND first_seq <= ? AND last_seq >= ? ORDER BY first_seq DESC LIMIT 1",
            (row, i) -> blockBatch(row),
            shard,
            shardSeq,
            shardSeq)
        .stream()
        .findFirst();
  }

  /** Where {@code txId} is in the log. */
  public Optional<LogLeaf> leafOf(TxId txId) {
    return jdbc
        .query(
            "SELECT " + LEAF_COLUMNS + " FROM log_leaves WHERE tx_id = ?",
            (row, i) -> leaf(row),
            (Object) txId.toBytes())
        .stream()
        .findFirst();
  }

  /**
   * Where {@code txId} is in the log and the head height, in one statement: the leaf and the head
   * moved in one transaction, so the head read with the leaf is never below its block.
   */
  public Optional<LocatedLeaf> locate(TxId txId) {
    return jdbc
        .query(
            "SELECT l.log_index, l.leaf_hash, l.tx_id, l.shard, l.shard_seq,"
                + " l.height, h.height AS head_height FROM log_leaves l JOIN chain_head h ON h.id = 1"
                + " WHERE l.tx_id = ?",
            (row, i) -> new LocatedLeaf(leaf(row), row.getLong("head_height")),
            (Object) txId.toBytes())
        .stream()
        .findFirst();
  }

  /** Log leaves {@code [fromIndex, fromIndex + count)}, in log order. */
  public List<LogLeaf> leaves(long fromIndex, long count) {
    return jdbc.query(
        "SELECT "
            + LEAF_COLUMNS
            + " FROM log_leaves WHERE log_index >= ?"
            + " AND log_index < ? ORDER BY log_index",
        (row, i) -> leaf(row),
        fromIndex,
        fromIndex + count);
  }

  /** Stored log nodes by position: level 0 from log_leaves, the rest from log_nodes. */
  @Override
  public Map<NodePosition, Sha256Hash> nodes(Collection<NodePosition> positions) {
    Map<NodePosition, Sha256Hash> found = new HashMap<>();
    List<NodePosition> all = List.copyOf(positions);
    for (int from = 0; from < all.size(); from += MAX_NODES_PER_QUERY) {
      readNodes(all.subList(from, Math.min(all.size(), from + MAX_NODES_PER_QUERY)), found);
    }
    return found;
  }

  private void readNodes(List<NodePosition> positions, Map<NodePosition, Sha256Hash> into) {
    List<Long> leaves = new ArrayList<>();
    List<NodePosition> interior = new ArrayList<>();
    positions.forEach(
        node -> {
          if (node.level() == 0) {
            leaves.add(node.index());
          } else {
            interior.add(node);
          }
        });
    // One statement: leaves by primary key, UNION ALL interior nodes by (level, node_index).
    // Lists are padded to a power of two with their last entry, so the statement has few
    // shapes and the driver's parsed-statement cache keeps hitting.
    List<String> parts = new ArrayList<>();
    List<Object> arguments = new ArrayList<>();
    if (!leaves.isEmpty()) {
      padToPowerOfTwo(leaves);
      parts.add(
          "SELECT 0, log_index, leaf_hash FROM log_leaves WHERE log_index IN ("
              + placeholders(leaves.size(), "?")
              + ")");
      arguments.addAll(leaves);
    }
    if (!interior.isEmpty()) {
      padToPowerOfTwo(interior);
      parts.add(
          "SELECT level, node_index, hash FROM log_nodes WHERE (level, node_index) IN ("
              + placeholders(interior.size(), "(?,?)")
              + ")");
      interior.forEach(
          node -> {
            arguments.add(node.level());
            arguments.add(node.index());
          });
    }
    jdbc.query(
        String.join(" UNION ALL ", parts),
        row -> {
          into.put(
              new NodePosition(row.getInt(1), row.getLong(2)), new Sha256Hash(row.getBytes(3)));
        },
        arguments.toArray());
  }

  private static <T> void padToPowerOfTwo(List<T> list) {
    int padded = Integer.highestOneBit(list.size() - 1) << 1;
    while (list.size() < padded) {
      list.add(list.getLast());
    }
  }

  private static String placeholders(int count, String placeholder) {
    return String.join(",", Collections.nCopies(count, placeholder));
  }

  /** A node reader over the stored log (caches what it read; use per request). */
  public NodeReader nodeReader() {
    Map<Long, Sha256Hash> cache = new LinkedHashMap<>();
    return (level, index) ->
        cache.computeIfAbsent(((long) level << 56) | index, key -> readNode(level, index));
  }

  /** Registers a public key by id; a different key under a known id is a configuration bug. */
  public void registerKey(String keyId, PublicKey key) {
    byte[] raw = ChainSignatures.rawPublicKey(key);
    jdbc.update("INSERT IGNORE INTO signing_keys (key_id, public_key) VALUES (?, ?)", keyId, raw);
    byte[] stored =
        jdbc.queryForObject(
            "SELECT public_key FROM signing_keys WHERE key_id = ?", byte[].class, keyId);
    if (!Arrays.equals(stored, raw)) {
      throw new IllegalStateException(
          "signing key id " + keyId + " is registered with a" + " different public key");
    }
  }

  /** Every public key that ever signed, by key id. */
  public Map<String, PublicKey> keys() {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    jdbc.query(
        "SELECT key_id, public_key FROM signing_keys ORDER BY added_at",
        row -> {
          keys.put(row.getString(1), ChainSignatures.publicKeyFromRaw(row.getBytes(2)));
        });
    return keys;
  }

  /**
   * Writes {@code block} and moves the head to it in ONE transaction. Before the head moves, the
   * block is read back and checked (pair assertion): header hash, batch root from the stored
   * entries, log root from the stored nodes, signature with the stored key.
   */
  void append(NewBlock block, long expectedHeadHeight) {
    transactions.executeWithoutResult(
        status -> {
          insert(block);
          assertStoredBlockVerifies(block.header().height());
          moveHead(block, expectedHeadHeight);
        });
  }

  private void insert(NewBlock block) {
    BlockHeader header = block.header();
    jdbc.update(
        "INSERT INTO blocks (height, block_hash, previous_hash, header, signature,"
            + " key_id, batch_root, log_size, log_root, timestamp_us, batch_count, tx_count,"
            + " last_offset) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        header.height(),
        block.hash().bytes(),
        header.previousHash().bytes(),
        block.headerBytes(),
        block.signature(),
        header.keyId(),
        header.batchRoot().bytes(),
        header.logSize(),
        header.logRoot().bytes(),
        header.timestampMicros(),
        header.batchCount(),
        header.txCount(),
        block.lastOffset());
    jdbc.batchUpdate(
        "INSERT INTO block_batches (height, position, shard, batch_seq, first_seq,"
            + " last_seq, merkle_root, first_log_index, log_offset) VALUES (?,?,?,?,?,?,?,?,?)",
        block.batches(),
        block.batches().size(),
        (statement, batch) -> {
          BatchEntry entry = batch.entry();
          statement.setLong(1, batch.height());
          statement.setInt(2, batch.position());
          statement.setInt(3, entry.shard());
          statement.setLong(4, entry.batchSeq());
          statement.setLong(5, entry.firstSeq());
          statement.setLong(6, entry.lastSeq());
          statement.setBytes(7, entry.root().bytes());
          statement.setLong(8, batch.firstLogIndex());
          statement.setLong(9, block.lastOffset());
        });
    jdbc.batchUpdate(
        "INSERT INTO log_leaves (log_index, leaf_hash, tx_id, shard, shard_seq,"
            + " height) VALUES (?,?,?,?,?,?)",
        block.leaves(),
        block.leaves().size(),
        (statement, leaf) -> {
          statement.setLong(1, leaf.logIndex());
          statement.setBytes(2, leaf.leafHash().bytes());
          statement.setBytes(3, leaf.txId().toBytes());
          statement.setInt(4, leaf.shard());
          statement.setLong(5, leaf.shardSeq());
          statement.setLong(6, leaf.height());
        });
    jdbc.batchUpdate(
        "INSERT INTO log_nodes (level, node_index, hash) VALUES (?,?,?)",
        block.nodes(),
        block.nodes().size(),
        (statement, node) -> {
          statement.setInt(1, node.level());
          statement.setLong(2, node.index());
          statement.setBytes(3, node.hash().bytes());
        });
  }

  private void assertStoredBlockVerifies(long height) {
    StoredBlock stored =
        block(height)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "pair assertion: block " + height + " not readable after insert"));
    BlockHeader header = stored.header();
    if (!BlockHeaderEncoding.blockHash(stored.headerBytes()).equals(stored.hash())) {
      throw new IllegalStateException(
          "pair assertion: stored hash of block "
              + height
              + " is not SHA-256 of its stored header");
    }
    List<Sha256Hash> entryLeaves = new ArrayList<>();
    batchesOf(height).forEach(batch -> entryLeaves.add(batch.entry().leafHash()));
    if (!MerkleTree.rootOf(entryLeaves).equals(header.batchRoot())
        || entryLeaves.size() != header.batchCount()) {
      throw new IllegalStateException(
          "pair assertion: stored batches of block " + height + " do not give its batch root");
    }
    if (!LogFrontier.load(header.logSize(), nodeReader()).root().equals(header.logRoot())) {
      throw new IllegalStateException(
          "pair assertion: stored log nodes do not give the log root" + " of block " + height);
    }
    PublicKey key = keys().get(header.keyId());
    if (key == null || !ChainSignatures.verify(key, stored.headerBytes(), stored.signature())) {
      throw new IllegalStateException(
          "pair assertion: signature of block "
              + height
              + " does not verify with key "
              + header.keyId());
    }
  }

  private void moveHead(NewBlock block, long expectedHeadHeight) {
    long height = block.header().height();
    int moved =
        expectedHeadHeight == 0
            ? jdbc.update(
                "INSERT INTO chain_head (id, height, block_hash) VALUES (1, ?, ?)",
                height,
                block.hash().bytes())
            : jdbc.update(
                "UPDATE chain_head SET height = ?, block_hash = ? WHERE id = 1" + " AND height = ?",
                height,
                block.hash().bytes(),
                expectedHeadHeight);
    if (moved != 1) {
      throw new ConcurrentBlockException(height);
    }
  }

  private Sha256Hash readNode(int level, long index) {
    List<byte[]> found =
        level == 0
            ? jdbc.queryForList(
                "SELECT leaf_hash FROM log_leaves WHERE log_index = ?", byte[].class, index)
            : jdbc.queryForList(
                "SELECT hash FROM log_nodes WHERE level = ? AND node_index = ?",
                byte[].class,
                level,
                index);
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "log node (" + level + ", " + index + ") is missing: the" + " log tables are incomplete");
    }
    return new Sha256Hash(found.getFirst());
  }

  private static String prefixed(String alias) {
    return alias
        + ".header, "
        + alias
        + ".block_hash, "
        + alias
        + ".signature, "
        + alias
        + ".last_offset, "
        + alias
        + ".produced_at";
  }

  private static StoredBlock block(ResultSet row) throws SQLException {
    Instant produced = row.getTimestamp("produced_at").toInstant();
    return new StoredBlock(
        row.getBytes("header"),
        new Sha256Hash(row.getBytes("block_hash")),
        row.getBytes("signature"),
        row.getLong("last_offset"),
        ChronoUnit.MICROS.between(Instant.EPOCH, produced));
  }

  private static BlockBatch blockBatch(ResultSet row) throws SQLException {
    return new BlockBatch(
        row.getLong("height"),
        row.getInt("position"),
        new BatchEntry(
            row.getInt("shard"),
            row.getLong("batch_seq"),
            row.getLong("first_seq"),
            row.getLong("last_seq"),
            new Sha256Hash(row.getBytes("merkle_root"))),
        row.getLong("first_log_index"));
  }

  // By position, in LEAF_COLUMNS order: verification reads every leaf, and a label costs a map
  // lookup per cell.
  private static LogLeaf leaf(ResultSet row) throws SQLException {
    return new LogLeaf(
        row.getLong(1),
        new Sha256Hash(row.getBytes(2)),
        TxId.fromBytes(row.getBytes(3)),
        row.getInt(4),
        row.getLong(5),
        row.getLong(6));
  }
}
