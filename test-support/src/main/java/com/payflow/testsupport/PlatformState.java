package com.payflow.testsupport;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.redis.RedisKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A before/after picture of the running platform's money state, for tests that must prove a request
 * changed nothing: Redis (the named accounts' balance hashes, their open holds and released holds,
 * idempotency records, key counts), Kafka (end offsets of a topic), and the shards (Σ balances, row
 * counts per table). {@link #diff} lists what differs.
 *
 * <p>Read-only: it never writes to any server. Loopback/local servers only (the run folder's
 * infra.env, like {@link RealServers}).
 */
public final class PlatformState {

  /** The state of an idempotency record that stores a refusal (gateway hold.lua). */
  private static final String REFUSED = "REFUSED";

  /** One snapshot. Maps are sorted so diffs are stable. */
  public record Snapshot(
      Map<String, String> redis, Map<String, Long> kafkaEndOffsets, Map<String, Long> shards) {

    /** Sum of the end offsets of every partition. */
    public long kafkaTotal() {
      return kafkaEndOffsets.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final RealServers.Endpoints servers;
  private final List<String> shardDatabases;

  private PlatformState(RealServers.Endpoints servers, List<String> shardDatabases) {
    this.servers = servers;
    this.shardDatabases = shardDatabases;
  }

  /** State of the platform described by {@code platform} (its shard databases). */
  public static PlatformState of(RunningPlatform platform) {
    return new PlatformState(RealServers.get(), platform.shardDatabases());
  }

  /** Takes a snapshot of {@code accounts} in Redis, {@code topic}'s end offsets, the shards. */
  public Snapshot snapshot(Collection<String> accounts, String topic) {
    return new Snapshot(redis(accounts), endOffsets(topic), shards());
  }

  /** Human-readable differences between two snapshots (empty: nothing changed). */
  public static List<String> diff(Snapshot before, Snapshot after) {
    List<String> out = new ArrayList<>();
    diffMaps("redis", before.redis(), after.redis(), out);
    diffMaps("kafka", before.kafkaEndOffsets(), after.kafkaEndOffsets(), out);
    diffMaps("shards", before.shards(), after.shards(), out);
    return out;
  }

  private static <V> void diffMaps(
      String area, Map<String, V> before, Map<String, V> after, List<String> out) {
    TreeMap<String, Boolean> keys = new TreeMap<>();
    before.keySet().forEach(key -> keys.put(key, true));
    after.keySet().forEach(key -> keys.put(key, true));
    for (String key : keys.keySet()) {
      V was = before.get(key);
      V now = after.get(key);
      if (was == null ? now != null : !was.equals(now)) {
        out.add(area + " " + key + ": " + was + " -> " + now);
      }
    }
  }

  /** The Redis part: per account bal hash, holds, released, idempotency record count. */
  public Map<String, String> redis(Collection<String> accounts) {
    Map<String, String> out = new TreeMap<>();
    RedisClient client = RedisClient.create(servers.redisUri());
    client.setDefaultTimeout(Duration.ofSeconds(10));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      for (String account : accounts) {
        AccountId id = AccountId.of(account);
        for (String key :
            List.of(RedisKeys.balance(id), RedisKeys.holds(id), RedisKeys.released(id))) {
          out.put(key, new TreeMap<>(redis.hgetall(key)).toString());
        }
        out.put(
            RedisKeys.idempotencyPattern(id) + " (not refusals)",
            Long.toString(countIdempotencyRecords(redis, RedisKeys.idempotencyPattern(id))));
      }
      out.put(
          RedisKeys.statusPattern() + " count",
          Long.toString(count(redis, RedisKeys.statusPattern())));
      out.put(RedisKeys.API_KEYS, new TreeMap<>(redis.hgetall(RedisKeys.API_KEYS)).toString());
    } finally {
      client.shutdown();
    }
    return out;
  }

  /**
   * Idempotency records that can lead to money moving (PENDING, UNKNOWN, DONE). A REFUSED record is
   * the stored answer of a refusal (422, kept so the refusal stays final for its key, docs/api.md):
   * it holds nothing and can never move money, so a refused request that wrote one still changed
   * nothing that matters here.
   */
  private static long countIdempotencyRecords(RedisCommands<String, String> redis, String pattern) {
    long count = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(5000);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      for (String key : page.getKeys()) {
        if (!REFUSED.equals(redis.hget(key, "state"))) {
          count++;
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    return count;
  }

  private static long count(RedisCommands<String, String> redis, String pattern) {
    // Hash tags contain braces, which are not glob-special; SCAN is incremental and read-only.
    long count = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(5000);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      count += page.getKeys().size();
      cursor = page;
    } while (!cursor.isFinished());
    return count;
  }

  /** End offsets of every partition of {@code topic}. */
  public Map<String, Long> endOffsets(String topic) {
    Map<String, Long> out = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer
          .endOffsets(partitions, Duration.ofSeconds(10))
          .forEach((partition, offset) -> out.put(partition.toString(), offset));
    }
    return out;
  }

  /**
   * Every record value of {@code topic} between two offset snapshots (what was appended in
   * between), for attributing a change to its author.
   */
  public List<byte[]> recordsBetween(String topic, Map<String, Long> from, Map<String, Long> to) {
    List<byte[]> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      for (TopicPartition partition : partitions(consumer, topic)) {
        long start = from.getOrDefault(partition.toString(), 0L);
        long end = to.getOrDefault(partition.toString(), start);
        if (end <= start) {
          continue;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, start);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long position = start;
        while (position < end && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            if (record.offset() < end) {
              values.add(record.value());
            }
            position = record.offset() + 1;
          }
        }
      }
    }
    return values;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(properties);
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
  }

  /** Σ balances and row counts of every money table, per shard and in total. */
  public Map<String, Long> shards() {
    Map<String, Long> out = new LinkedHashMap<>();
    long sum = 0;
    for (String database : shardDatabases) {
      try (Connection connection = connect(database);
          Statement statement = connection.createStatement()) {
        long balances = single(statement, "SELECT COALESCE(SUM(balance), 0) FROM accounts");
        sum += balances;
        out.put(database + ".sum(balance)", balances);
        for (String table :
            List.of("accounts", "transactions", "entries", "credit_legs", "batches")) {
          out.put(
              database + ".count(" + table + ")",
              single(statement, "SELECT COUNT(*) FROM " + table));
        }
      } catch (SQLException failed) {
        throw new IllegalStateException("cannot read shard " + database, failed);
      }
    }
    out.put("all.sum(balance)", sum);
    return new TreeMap<>(out);
  }

  /** How many of {@code txIds} (canonical UUIDs) have a transaction row on any shard. */
  public long transactionRowsOf(Collection<String> txIds) {
    long found = 0;
    List<String> ids = new ArrayList<>(txIds);
    for (String database : shardDatabases) {
      try (Connection connection = connect(database);
          Statement statement = connection.createStatement()) {
        for (int from = 0; from < ids.size(); from += 1000) {
          StringBuilder in = new StringBuilder();
          for (String id : ids.subList(from, Math.min(ids.size(), from + 1000))) {
            String hex = id.replace("-", "");
            HexFormat.of().parseHex(hex); // only hex digits reach the statement
            in.append(in.isEmpty() ? "" : ",").append("UNHEX('").append(hex).append("')");
          }
          found +=
              single(statement, "SELECT COUNT(*) FROM transactions WHERE tx_id IN (" + in + ")");
        }
      } catch (SQLException failed) {
        throw new IllegalStateException("cannot read shard " + database, failed);
      }
    }
    return found;
  }

  /** An admin connection to a shard (or any) database. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        servers.jdbcUrl(database), servers.mysqlAdminUser(), servers.mysqlAdminPassword());
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
