package com.payflow.observability;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Kafka is reachable: the brokers answer a describe-cluster request of one long-lived admin client
 * (created on first use with the service's Kafka settings), bounded by {@code
 * management.health.kafka.timeout} and reused for {@code cache-time-to-live}. In the readiness
 * group of every service, which all produce or consume; never in liveness (an outage must not
 * restart pods).
 */
public final class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

  static final String PREFIX = "management.health.kafka";

  private final Map<String, Object> adminConfig;
  private final Duration timeout;
  private final BoundedCheck check;
  private Admin admin;
  private boolean closed;

  /** {@code adminConfig}: the service's admin client settings (bootstrap servers, security). */
  public KafkaHealthIndicator(Map<String, Object> adminConfig, HealthCheckProperties.Check bounds) {
    this.adminConfig = new HashMap<>(adminConfig);
    this.timeout = bounds.timeout();
    int timeoutMs = (int) timeout.toMillis();
    this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    this.adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "payflow-health");
    this.check = new BoundedCheck(bounds, PREFIX, this::describeCluster);
  }

  /** Connects in the background, so the first health request does not pay for it. */
  public void warmUp() {
    check.start();
  }

  /** The run in flight (or a new one), for tests. */
  java.util.concurrent.CompletableFuture<Health> run() {
    return check.start();
  }

  @Override
  public Health health() {
    return check.health();
  }

  private Health describeCluster() {
    long waitMs = timeout.toMillis();
    try {
      DescribeClusterResult cluster =
          admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) waitMs));
      Collection<Node> brokers = cluster.nodes().get(waitMs, TimeUnit.MILLISECONDS);
      if (brokers.isEmpty()) {
        return Health.down().withDetail("error", "no broker in the cluster metadata").build();
      }
      return Health.up()
          .withDetail("brokers", brokers.size())
          .withDetail("clusterId", cluster.clusterId().get(waitMs, TimeUnit.MILLISECONDS))
          .build();
    } catch (ExecutionException failed) {
      return Health.down(failed.getCause()).build();
    } catch (TimeoutException noAnswer) {
      return Health.down()
          .withDetail("error", "no answer within " + waitMs + " ms (" + PREFIX + ".timeout)")
          .build();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    }
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (admin == null) {
      admin = Admin.create(adminConfig);
    }
    return admin;
  }

  @Override
  public synchronized void destroy() {
    closed = true;
    if (admin != null) {
      admin.close(Duration.ZERO);
    }
  }
}
