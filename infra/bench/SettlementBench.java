import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.json.EventJson;
import com.payflow.contracts.money.Money;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.routing.ShardRouter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Settlement benchmark tools (run with the Java source launcher and the settlement-consumer
 * class path, see bench.sh):
 *
 * <pre>
 * seed     DB_PREFIX SHARDS ACCOUNTS         fresh bench shard databases with funded accounts
 * topics   BOOTSTRAP PREFIX PARTITIONS       fresh bench topics (submitted, credits, outcomes, batches)
 * fill     BOOTSTRAP TOPIC N ACCOUNTS SHARDS  N valid payments (random payer/payee, amount 1)
 * drain    BOOTSTRAP GROUP TOPIC TIMEOUT_S    waits until GROUP has consumed TOPIC; prints seconds
 * baseline DB_PREFIX SHARDS N ACCOUNTS BATCH THREADS  the same SQL from plain JDBC, no Kafka
 * </pre>
 */
public class SettlementBench {

  private static final String ADMIN_URL = "jdbc:mysql://127.0.0.1:3306/";
  private static final String URL_OPTIONS =
      "?rewriteBatchedStatements=true&cachePrepStmts=true&useServerPrepStmts=false"
          + "&allowPublicKeyRetrieval=true&useSSL=false";
  private static final long START_BALANCE = 1_000_000_000_000L;
  private static final ClientId CLIENT = new ClientId("bench");
  private static final Currency EUR = Currency.getInstance("EUR");

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "seed" -> seed(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "topics" -> topics(args[1], args[2], Integer.parseInt(args[3]));
      case "fill" -> fill(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "drain" -> drain(args[1], args[2], args[3], Integer.parseInt(args[4]));
      case "baseline" -> baseline(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  static String account(int index) {
    return String.format("bench-%04d", index);
  }

  /** Fresh databases with the shard schema, funded accounts and balanced seed entries. */
  static void seed(String prefix, int shards, int accounts) throws Exception {
    ShardRouter router = ShardRouter.evenlySpread(shards);
    for (int shard = 0; shard < shards; shard++) {
      try (Connection admin = DriverManager.getConnection(ADMIN_URL + URL_OPTIONS, "root", "");
          Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + prefix + "_" + shard);
        statement.execute("CREATE DATABASE " + prefix + "_" + shard
            + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      }
      // The same migrations settlement-consumer runs, so a settlement instance accepts it.
      org.flywaydb.core.Flyway.configure()
          .dataSource(ADMIN_URL + prefix + "_" + shard + URL_OPTIONS, "root", "")
          .locations("filesystem:payment-contracts/src/main/resources/db/shard")
          .load()
          .migrate();
    }
    long total = 0;
    for (int i = 0; i < accounts; i++) {
      String id = account(i);
      insertAccount(prefix, router.shardOf(new AccountId(id)), id, "CUSTOMER", START_BALANCE);
      total += START_BALANCE;
    }
    insertAccount(prefix, router.shardOf(new AccountId("funding:EUR")), "funding:EUR",
        "FUNDING", -total);
    System.out.println("seeded " + accounts + " accounts on " + shards + " shards");
  }

  private static void insertAccount(String prefix, int shard, String id, String kind,
      long balance) throws SQLException {
    try (Connection db = connect(prefix, shard);
        PreparedStatement account = db.prepareStatement("INSERT INTO accounts (id,"
            + " owner_client, currency, kind, status, balance) VALUES (?,?,?,?,'OPEN',?)");
        PreparedStatement entry = db.prepareStatement("INSERT INTO entries (tx_id,"
            + " account_id, amount, currency, posted_at) VALUES (?,?,?,?,?)")) {
      db.setAutoCommit(false);
      account.setString(1, id);
      account.setString(2, CLIENT.value());
      account.setString(3, "EUR");
      account.setString(4, kind);
      account.setLong(5, balance);
      account.executeUpdate();
      // The seed is one transaction "funding → everyone": its entries sum to zero overall.
      entry.setBytes(1, TxId.forSystemTransfer("bench-seed", "seed").toBytes());
      entry.setString(2, id);
      entry.setLong(3, balance);
      entry.setString(4, "EUR");
      entry.setTimestamp(5, Timestamp.from(Instant.now()));
      entry.executeUpdate();
      db.commit();
    }
  }

  static void topics(String bootstrap, String prefix, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<String> names = List.of(prefix + ".submitted", prefix + ".credits",
          prefix + ".outcomes", prefix + ".batches", prefix + ".submitted.DLT",
          prefix + ".credits.DLT");
      var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> old = names.stream().filter(existing::contains).toList();
      if (!old.isEmpty()) {
        admin.deleteTopics(old).all().get(60, TimeUnit.SECONDS);
        Thread.sleep(2_000); // deletion is asynchronous in the controller
      }
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, name.endsWith(".batches") ? 1 : partitions, (short) 1));
      }
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
    System.out.println("created bench topics " + prefix + ".*");
  }

  static List<PaymentSubmitted> payments(int n, int accounts, long seed) {
    Random random = new Random(seed);
    List<PaymentSubmitted> payments = new ArrayList<>(n);
    Instant now = Instant.now();
    for (int i = 0; i < n; i++) {
      int payer = random.nextInt(accounts);
      int payee = (payer + 1 + random.nextInt(accounts - 1)) % accounts;
      payments.add(new PaymentSubmitted(TxId.forPayment(CLIENT, "bench-" + seed + "-" + i),
          CLIENT, new AccountId(account(payer)), new AccountId(account(payee)),
          new Money(1, EUR), "bench", now));
    }
    return payments;
  }

  static void fill(String bootstrap, String topic, int n, int accounts) throws Exception {
    Properties config = new Properties();
    config.put("bootstrap.servers", bootstrap);
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("linger.ms", "10");
    config.put("batch.size", "262144");
    config.put("compression.type", "lz4");
    long started = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config,
        new StringSerializer(), new ByteArraySerializer())) {
      for (PaymentSubmitted payment : payments(n, accounts, System.nanoTime())) {
        producer.send(new ProducerRecord<>(topic, payment.payer().value(),
            EventJson.write(payment)));
      }
      producer.flush();
    }
    System.out.printf("filled %d payments in %.1f s%n", n,
        (System.nanoTime() - started) / 1e9);
  }

  /** Seconds until GROUP's committed offsets reach the end of TOPIC (measured from now). */
  static void drain(String bootstrap, String group, String topic, int timeoutSeconds)
      throws Exception {
    long started = System.nanoTime();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
          .get(topic).partitions().stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(
          java.util.Comparator.comparingInt(TopicPartition::partition));
      partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      long total = ends.values().stream().mapToLong(info -> info.offset()).sum();
      long lastReport = started;
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin
            .listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long done = partitions.stream().mapToLong(partition -> committed.get(partition) == null
            ? 0 : committed.get(partition).offset()).sum();
        long now = System.nanoTime();
        if (now - lastReport > 5e9) {
          System.out.printf("  drained %d / %d after %.0f s%n", done, total, (now - started) / 1e9);
          lastReport = now;
        }
        if (done >= total) {
          System.out.printf("DRAIN_RESULT records=%d seconds=%.2f%n", total,
              (now - started) / 1e9);
          return;
        }
        if (now - started > timeoutSeconds * 1e9) {
          throw new IllegalStateException("not drained after " + timeoutSeconds + " s: " + done
              + " of " + total);
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * The classic per-payment SQL of DESIGN.md §4 from plain JDBC, same batch size, same shards,
   * one transaction per shard group: insert transaction row, conditional debit, credit, two
   * entries. No Kafka, no decisions, no hashing: an upper bound for the database work.
   */
  static void baseline(String prefix, int shards, int n, int accounts, int batch, int threads)
      throws Exception {
    ShardRouter router = ShardRouter.evenlySpread(shards);
    List<PaymentSubmitted> payments = payments(n, accounts, 7);
    // Like the consumer's listener threads: each worker owns whole shards, so workers never
    // touch the same rows (the per-payment updates below are not lock-ordered).
    List<List<PaymentSubmitted>> perWorker = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      perWorker.add(new ArrayList<>());
    }
    for (PaymentSubmitted payment : payments) {
      perWorker.get(router.shardOf(payment.payer()) % threads).add(payment);
    }
    long started = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (List<PaymentSubmitted> work : perWorker) {
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          baselineWorker(prefix, shards, router, work, batch);
        } catch (Exception failed) {
          failures.add(failed);
        }
      }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      throw failures.getFirst();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("BASELINE_RESULT payments=%d seconds=%.2f rate=%.0f%n", n, seconds,
        n / seconds);
  }

  private static void baselineWorker(String prefix, int shards, ShardRouter router,
      List<PaymentSubmitted> payments, int batch) throws Exception {
    List<Connection> connections = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      Connection db = connect(prefix, shard);
      db.setAutoCommit(false);
      connections.add(db);
    }
    int n = payments.size();
    Map<Integer, List<PaymentSubmitted>> remoteCredits = new TreeMap<>();
    for (int from = 0; from < n; from += batch) {
      Map<Integer, List<PaymentSubmitted>> byShard = new TreeMap<>();
      List<PaymentSubmitted> slice = new ArrayList<>(payments.subList(from,
          Math.min(n, from + batch)));
      // Updates in account order in every transaction, so the workers cannot deadlock.
      slice.sort(java.util.Comparator.comparing(p -> p.payer().value()));
      for (PaymentSubmitted payment : slice) {
        byShard.computeIfAbsent(router.shardOf(payment.payer()), s -> new ArrayList<>())
            .add(payment);
      }
      for (var group : byShard.entrySet()) {
        Connection db = connections.get(group.getKey());
        try (PreparedStatement tx = db.prepareStatement("INSERT INTO transactions (tx_id,"
                + " shard_seq, batch_seq, client_id, payer, payee, amount, currency, reference,"
                + " status, reason, payee_shard, submitted_us, decided_us, leaf_hash) VALUES"
                + " (?,?,0,'bench',?,?,1,'EUR','bench','SETTLED',NULL,0,0,0,?)");
            PreparedStatement debit = db.prepareStatement("UPDATE accounts SET balance ="
                + " balance - ? WHERE id = ? AND balance >= ?");
            PreparedStatement credit = db.prepareStatement("UPDATE accounts SET balance ="
                + " balance + ? WHERE id = ?");
            PreparedStatement entry = db.prepareStatement("INSERT INTO entries (tx_id,"
                + " account_id, amount, currency, posted_at) VALUES (?,?,?,'EUR',NOW(6))")) {
          // Per-payment SQL, each statement in account-id order within the transaction (the
          // workers then cannot deadlock); legs = (account, amount), debits guarded.
          List<Map.Entry<String, Long>> legs = new ArrayList<>();
          for (PaymentSubmitted payment : group.getValue()) {
            byte[] id = payment.txId().toBytes();
            tx.setBytes(1, id);
            // Sequence numbers only need to be unique here: derive them from the id.
            tx.setLong(2, java.nio.ByteBuffer.wrap(id).getLong() & Long.MAX_VALUE);
            tx.setString(3, payment.payer().value());
            tx.setString(4, payment.payee().value());
            tx.setBytes(5, new byte[32]);
            tx.addBatch();
            legs.add(Map.entry(payment.payer().value(), -1L));
            if (router.shardOf(payment.payee()) == group.getKey()) {
              legs.add(Map.entry(payment.payee().value(), 1L));
            } else {
              remoteCredits.computeIfAbsent(router.shardOf(payment.payee()),
                  s -> new ArrayList<>()).add(payment);
            }
            entry.setBytes(1, id);
            entry.setString(2, payment.payer().value());
            entry.setLong(3, -1);
            entry.addBatch();
            entry.setBytes(1, id);
            entry.setString(2, payment.payee().value());
            entry.setLong(3, 1);
            entry.addBatch();
          }
          legs.sort(Map.Entry.comparingByKey());
          for (Map.Entry<String, Long> leg : legs) {
            if (leg.getValue() < 0) {
              debit.setLong(1, -leg.getValue());
              debit.setString(2, leg.getKey());
              debit.setLong(3, -leg.getValue());
              debit.addBatch();
            } else {
              credit.setLong(1, leg.getValue());
              credit.setString(2, leg.getKey());
              credit.addBatch();
            }
          }
          tx.executeBatch();
          debit.executeBatch();
          credit.executeBatch();
          entry.executeBatch();
          db.commit();
        }
      }
      // The credit legs of cross-shard payments: one transaction per payee shard, as the
      // consumer does (credit payee, clearing left out: it is one more row per shard).
      for (var remote : remoteCredits.entrySet()) {
        Connection db = connections.get(remote.getKey());
        try (PreparedStatement credit = db.prepareStatement("UPDATE accounts SET balance ="
                + " balance + ? WHERE id = ?");
            PreparedStatement entry = db.prepareStatement("INSERT INTO entries (tx_id,"
                + " account_id, amount, currency, posted_at) VALUES (?,?,?,'EUR',NOW(6))")) {
          List<PaymentSubmitted> inOrder = new ArrayList<>(remote.getValue());
          inOrder.sort(java.util.Comparator.comparing(p -> p.payee().value()));
          for (PaymentSubmitted payment : inOrder) {
            credit.setLong(1, 1);
            credit.setString(2, payment.payee().value());
            credit.addBatch();
            entry.setBytes(1, payment.txId().toBytes());
            entry.setString(2, payment.payee().value());
            entry.setLong(3, 1);
            entry.addBatch();
          }
          credit.executeBatch();
          entry.executeBatch();
          db.commit();
        }
      }
      remoteCredits.clear();
    }
    for (Connection db : connections) {
      db.close();
    }
  }

  private static Connection connect(String prefix, int shard) throws SQLException {
    return DriverManager.getConnection(ADMIN_URL + prefix + "_" + shard + URL_OPTIONS, "root",
        "");
  }
}
