package com.payflow.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Kafka topics of one integration test, uniquely named and deleted on {@link #close()}. */
public final class TestTopics implements AutoCloseable {

  private static final long ADMIN_TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final String suffix;
  private final List<String> created = new ArrayList<>();

  private TestTopics(Admin admin, String suffix) {
    this.admin = admin;
    this.suffix = suffix;
  }

  /** A new topic name space for one test. */
  public static TestTopics create() {
    Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.get().kafkaBootstrap()));
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    return new TestTopics(admin, suffix);
  }

  /** Creates {@code <base>.it<suffix>} with the given partitions and returns its name. */
  public String topic(String base, int partitions) {
    return exactly(base + ".it" + suffix, partitions);
  }

  /** Creates a topic named exactly {@code name} (e.g. the dead-letter topic of another). */
  public String exactly(String name, int partitions) {
    try {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException failed) {
      throw new IllegalStateException("cannot create test topic " + name, failed);
    }
    created.add(name);
    return name;
  }

  /** The suffix shared by all topics of this test (also handy for consumer group ids). */
  public String suffix() {
    return suffix;
  }

  @Override
  public void close() {
    try {
      if (!created.isEmpty()) {
        admin.deleteTopics(created).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
      // Leftover test topics are harmless and uniquely named; never fail a test on cleanup.
    } finally {
      admin.close();
    }
  }
}
