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
 * </pre>
 *
 * Every topic is created with replication factor 1 and min.insync.replicas=1 (single broker).
 * Existing topics with fewer partitions than requested are grown; never shrunk (Kafka cannot).
 * Exit code 0 on success, 1 on failure, 2 on usage error.
 */
public final class PayflowKafkaAdmin {

    private static final short REPLICATION_FACTOR = 1;

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
            configs.put("min.insync.replicas", "1");
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
        Exception last = null;
        while (remainingMs(deadline) > 0) {
            try {
                DescribeClusterResult cluster = admin.describeCluster();
                long t = Math.min(5000, Math.max(1, remainingMs(deadline)));
                int nodes = cluster.nodes().get(t, TimeUnit.MILLISECONDS).size();
                var controller = cluster.controller().get(t, TimeUnit.MILLISECONDS);
                if (nodes > 0 && controller != null && !controller.isEmpty()) {
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
