import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Tiny Kafka admin helper for infra/infra.sh: one JVM launch waits for the broker,
 * creates/updates all topics and prints them (the kafka-topics tool would need one
 * JVM per topic, which is slow on a 2-core box).
 *
 * <pre>
 * java -cp classes:&lt;kafka classpath&gt; PayflowKafkaAdmin wait   BOOTSTRAP TIMEOUT_S
 * java -cp ...                         PayflowKafkaAdmin list   BOOTSTRAP TIMEOUT_S
 * java -cp ...                         PayflowKafkaAdmin ensure BOOTSTRAP TIMEOUT_S name:partitions[:key=value,...] ...
 * java -cp ...                         PayflowKafkaAdmin state  BOOTSTRAP TIMEOUT_S [TOPIC]
 * </pre>
 *
 * The cluster size comes from the environment variable PAYFLOW_KAFKA_BROKERS (infra.sh's
 * KAFKA_BROKERS, default 1): {@code wait}/{@code ensure} wait until that many brokers are
 * registered; topics get replication factor min(3, brokers) and min.insync.replicas 2 with three
 * or more brokers, else 1 (the single broker: RF 1, min.insync.replicas 1, as before).
 * {@code state} prints one line for the fault suite: brokers, the active KRaft controller (quorum
 * leader), under-replicated and leaderless partitions, the summed consumer lag of every group, and
 * how many partitions of TOPIC (default payments.submitted) each broker leads.
 * Existing topics with fewer partitions than requested are grown; never shrunk (Kafka cannot).
 * Exit code 0 on success, 1 on failure, 2 on usage error.
 */
public final class PayflowKafkaAdmin {

    private static final int BROKERS = brokers();
    private static final short REPLICATION_FACTOR = (short) Math.min(3, BROKERS);
    private static final String MIN_INSYNC_REPLICAS = BROKERS >= 3 ? "2" : "1";

    private static int brokers() {
        String v = System.getenv("PAYFLOW_KAFKA_BROKERS");
        return v == null || v.isBlank() ? 1 : Math.max(1, Integer.parseInt(v.trim()));
    }

    private record TopicSpec(String name, int partitions, Map<String, String> configs) {
        static TopicSpec parse(String arg) {
            String[] parts = arg.split(":", 3);
            if (parts.length < 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("bad topic spec '" + arg + "', expected name:partitions[:k=v,...]");
            }
            int partitions = Integer.parseInt(parts[1]);
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1 in '" + arg + "'");
            }
            Map<String, String> configs = new LinkedHashMap<>();
            configs.put("min.insync.replicas", MIN_INSYNC_REPLICAS);
            if (parts.length == 3 && !parts[2].isBlank()) {
                for (String kv : parts[2].split(",")) {
                    String[] p = kv.split("=", 2);
                    if (p.length != 2) {
                        throw new IllegalArgumentException("bad topic config '" + kv + "' in '" + arg + "'");
                    }
                    configs.put(p[0].trim(), p[1].trim());
                }
            }
            return new TopicSpec(parts[0], partitions, configs);
        }
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            usage();
        }
        String command = args[0];
        String bootstrap = args[1];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        try (Admin admin = Admin.create(adminProps(bootstrap))) {
            switch (command) {
                case "wait" -> {
                    waitForCluster(admin, bootstrap, deadline);
                }
                case "list" -> {
                    waitForCluster(admin, bootstrap, deadline);
                    printTopics(admin, null);
                }
                case "ensure" -> {
                    List<TopicSpec> specs = new ArrayList<>();
                    for (int i = 3; i < args.length; i++) {
                        specs.add(TopicSpec.parse(args[i]));
                    }
                    waitForCluster(admin, bootstrap, deadline);
                    ensureTopics(admin, specs, deadline);
                    printTopics(admin, specs.stream().map(TopicSpec::name).toList());
                }
                case "state" -> {
                    waitForCluster(admin, bootstrap, deadline, 1); // a fault may have fenced brokers
                    printState(admin, args.length > 3 ? args[3] : "payments.submitted", deadline);
                }
                default -> usage();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("PayflowKafkaAdmin: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("PayflowKafkaAdmin " + command + " failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: PayflowKafkaAdmin wait|list BOOTSTRAP TIMEOUT_S");
        System.err.println("       PayflowKafkaAdmin state BOOTSTRAP TIMEOUT_S [TOPIC]");
        System.err.println("       PayflowKafkaAdmin ensure BOOTSTRAP TIMEOUT_S name:partitions[:k=v,...] ...");
        System.exit(2);
    }

    private static Properties adminProps(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "payflow-infra-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "200");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return p;
    }

    private static long remainingMs(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void waitForCluster(Admin admin, String bootstrap, long deadline) throws InterruptedException {
        waitForCluster(admin, bootstrap, deadline, BROKERS);
    }

    private static void waitForCluster(Admin admin, String bootstrap, long deadline, int minBrokers)
            throws InterruptedException {
        Exception last = null;
        while (remainingMs(deadline) > 0) {
            try {
                DescribeClusterResult cluster = admin.describeCluster();
                long t = Math.min(5000, Math.max(1, remainingMs(deadline)));
                int nodes = cluster.nodes().get(t, TimeUnit.MILLISECONDS).size();
                var controller = cluster.controller().get(t, TimeUnit.MILLISECONDS);
                if (nodes >= minBrokers && controller != null && !controller.isEmpty()) {
                    System.err.println("kafka: cluster " + cluster.clusterId().get(t, TimeUnit.MILLISECONDS)
                            + " ready at " + bootstrap + " (" + nodes + " broker(s))");
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("broker at " + bootstrap + " not ready before timeout"
                + (last != null ? " (last error: " + last + ")" : ""));
    }

    private static void ensureTopics(Admin admin, List<TopicSpec> specs, long deadline) throws Exception {
        Map<String, TopicSpec> pending = new LinkedHashMap<>();
        specs.forEach(s -> pending.put(s.name(), s));
        Exception last = null;
        while (!pending.isEmpty()) {
            if (remainingMs(deadline) <= 0) {
                throw new IllegalStateException("could not create topics " + pending.keySet() + " before timeout"
                        + (last != null ? " (last error: " + last + ")" : ""));
            }
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            for (TopicSpec s : pending.values()) {
                if (!existing.contains(s.name())) {
                    toCreate.add(new NewTopic(s.name(), s.partitions(), REPLICATION_FACTOR).configs(s.configs()));
                }
            }
            if (!toCreate.isEmpty()) {
                var result = admin.createTopics(toCreate);
                for (var e : result.values().entrySet()) {
                    try {
                        e.getValue().get(10, TimeUnit.SECONDS);
                        System.err.println("kafka: created topic " + e.getKey()
                                + " (" + pending.get(e.getKey()).partitions() + " partitions)");
                    } catch (ExecutionException ex) {
                        if (ex.getCause() instanceof TopicExistsException) {
                            continue; // created concurrently: fine
                        }
                        if (ex.getCause() instanceof RetriableException) {
                            last = ex;
                            continue; // retried in the next round
                        }
                        throw new IllegalStateException("creating topic " + e.getKey() + " failed: " + ex.getCause(), ex);
                    }
                }
            }
            // Converge existing topics: partitions (grow only) and configs.
            existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> present = pending.keySet().stream().filter(existing::contains).toList();
            if (present.isEmpty()) {
                Thread.sleep(250);
                continue;
            }
            Map<String, TopicDescription> described;
            try {
                described = admin.describeTopics(present).allTopicNames().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof RetriableException) {
                    last = ex;
                    Thread.sleep(250);
                    continue;
                }
                throw ex;
            }
            Map<String, NewPartitions> grow = new HashMap<>();
            Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
            for (String name : present) {
                TopicSpec s = pending.get(name);
                int actual = described.get(name).partitions().size();
                if (actual < s.partitions()) {
                    System.err.println("kafka: WARNING growing topic " + name + " from " + actual + " to "
                            + s.partitions() + " partitions (key -> partition mapping changes)");
                    grow.put(name, NewPartitions.increaseTo(s.partitions()));
                } else if (actual > s.partitions()) {
                    System.err.println("kafka: WARNING topic " + name + " has " + actual + " partitions, "
                            + s.partitions() + " requested; Kafka cannot shrink a topic (delete the run dir's kafka data to reset)");
                }
                List<AlterConfigOp> ops = new ArrayList<>();
                s.configs().forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
                alter.put(new ConfigResource(ConfigResource.Type.TOPIC, name), ops);
            }
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get(10, TimeUnit.SECONDS);
            }
            admin.incrementalAlterConfigs(alter).all().get(10, TimeUnit.SECONDS);
            present.forEach(pending::remove);
        }
    }

    /**
     * One line: brokers=N controller=ID under_replicated=U leaderless=L lag=X leaders=id:count,...
     * groups=group:lag,... Every part is bounded by the deadline; a part that does not answer in
     * time (e.g. asked of a partitioned broker) prints "?".
     */
    @SuppressWarnings("removal") // listConsumerGroups: deprecated in 4.x, still there in 4.1
    private static void printState(Admin admin, String topic, long deadline) {
        String brokers = "?";
        String controller = "?";
        String underReplicated = "?";
        String leaderless = "?";
        String lag = "?";
        StringBuilder lead = new StringBuilder();
        StringBuilder groups = new StringBuilder();
        try {
            brokers = Integer.toString(admin.describeCluster().nodes().get(partMs(deadline), TimeUnit.MILLISECONDS).size());
            controller = Integer.toString(admin.describeMetadataQuorum().quorumInfo()
                    .get(partMs(deadline), TimeUnit.MILLISECONDS).leaderId());
        } catch (Exception e) {
            System.err.println("state: cluster/quorum: " + e);
        }
        try {
            Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get(partMs(deadline), TimeUnit.MILLISECONDS);
            Map<String, TopicDescription> described =
                    admin.describeTopics(names).allTopicNames().get(partMs(deadline), TimeUnit.MILLISECONDS);
            int urp = 0;
            int none = 0;
            Map<Integer, Integer> leaders = new TreeMap<>();
            for (TopicDescription d : described.values()) {
                for (var p : d.partitions()) {
                    if (p.leader() == null || p.leader().isEmpty()) {
                        none++;
                    } else if (d.name().equals(topic)) {
                        leaders.merge(p.leader().id(), 1, Integer::sum);
                    }
                    // A broker's metadata leaves fenced/offline replicas out of replicas and ISR
                    // alike: compare the ISR with the replication factor too.
                    if (p.isr().size() < Math.max(p.replicas().size(), REPLICATION_FACTOR)) {
                        urp++;
                    }
                }
            }
            underReplicated = Integer.toString(urp);
            leaderless = Integer.toString(none);
            leaders.forEach((id, n) -> lead.append(lead.isEmpty() ? "" : ",").append(id).append(':').append(n));
        } catch (Exception e) {
            System.err.println("state: topics: " + e);
        }
        // Lag: end offset (read_committed, as the services read) - committed offset, summed over
        // every partition a group has committed on.
        try {
            long total = 0;
            for (var g : admin.listConsumerGroups().all().get(partMs(deadline), TimeUnit.MILLISECONDS)) {
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata()
                                .get(partMs(deadline), TimeUnit.MILLISECONDS);
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> query = new HashMap<>();
                committed.forEach((tp, om) -> {
                    if (om != null) {
                        query.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest());
                    }
                });
                if (query.isEmpty()) {
                    continue;
                }
                var ends = admin.listOffsets(query, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                        org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get(partMs(deadline), TimeUnit.MILLISECONDS);
                long groupLag = 0;
                for (var e : query.keySet()) {
                    groupLag += Math.max(0, ends.get(e).offset() - committed.get(e).offset());
                }
                total += groupLag;
                groups.append(groups.isEmpty() ? "" : ",").append(g.groupId()).append(':').append(groupLag);
            }
            lag = Long.toString(total);
        } catch (Exception e) {
            System.err.println("state: lag: " + e);
        }
        System.out.println("brokers=" + brokers + " controller=" + controller + " under_replicated=" + underReplicated
                + " leaderless=" + leaderless + " lag=" + lag + " leaders=" + lead + " groups=" + groups);
    }

    private static long partMs(long deadline) {
        return Math.max(500, remainingMs(deadline));
    }

    private static void printTopics(Admin admin, List<String> only) throws Exception {
        Collection<String> names = only != null ? only : admin.listTopics().names().get(10, TimeUnit.SECONDS);
        if (names.isEmpty()) {
            System.out.println("(no topics)");
            return;
        }
        Map<String, TopicDescription> described =
                new TreeMap<>(admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS));
        List<ConfigResource> resources = described.keySet().stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
        System.out.printf("%-28s %10s %8s %10s%n", "TOPIC", "PARTITIONS", "REPLICAS", "MIN_ISR");
        for (TopicDescription d : described.values()) {
            ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name()))
                    .get("min.insync.replicas");
            System.out.printf("%-28s %10d %8d %10s%n", d.name(), d.partitions().size(),
                    d.partitions().get(0).replicas().size(), minIsr == null ? "?" : minIsr.value());
        }
    }

    private PayflowKafkaAdmin() {
    }
}
