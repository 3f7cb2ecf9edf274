package com.payflow.observability;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The databases a service needs (its shard pools, the ledger's own database): each one lends a
 * connection that answers {@code isValid}. The checks run in parallel, each bounded by {@code
 * management.health.databases.timeout} (a paused or unreachable server is DOWN after that, however
 * long the pool itself would wait) and reused for {@code cache-time-to-live}. DOWN when any is
 * DOWN: a settlement or read that needs that shard cannot be served. Registered by each service as
 * the bean {@code databasesHealthIndicator} (health component {@code databases}), in the readiness
 * group only.
 */
public final class DatabasesHealthIndicator implements HealthIndicator {

  static final String PREFIX = "management.health.databases";

  private final Map<String, BoundedCheck> checks = new LinkedHashMap<>();

  /** {@code databases}: name (e.g. {@code shard-0}) → pool. */
  public DatabasesHealthIndicator(
      Map<String, DataSource> databases, HealthCheckProperties.Check bounds) {
    int validSeconds = (int) Math.max(1, bounds.timeout().toSeconds());
    databases.forEach(
        (name, pool) ->
            checks.put(name, new BoundedCheck(bounds, PREFIX, () -> check(pool, validSeconds))));
  }

  /** The shard pools {@code 0..count-1}, named {@code shard-N}. */
  public static Map<String, DataSource> shards(int count, IntFunction<DataSource> shard) {
    Map<String, DataSource> pools = new LinkedHashMap<>();
    for (int index = 0; index < count; index++) {
      pools.put("shard-" + index, shard.apply(index));
    }
    return pools;
  }

  @Override
  public Health health() {
    List<Map.Entry<String, CompletableFuture<Health>>> running =
        checks.entrySet().stream()
            .map(
                entry ->
                    Map.entry(
                        entry.getKey(),
                        CompletableFuture.supplyAsync(
                            entry.getValue()::health,
                            command -> Thread.ofVirtual().name("health-databases").start(command))))
            .toList();
    Map<String, Object> details = new LinkedHashMap<>();
    boolean allUp = true;
    for (Map.Entry<String, CompletableFuture<Health>> entry : running) {
      Health health = entry.getValue().join();
      allUp &= Status.UP.equals(health.getStatus());
      details.put(entry.getKey(), summary(health));
    }
    return (allUp ? Health.up() : Health.down()).withDetails(details).build();
  }

  private static Object summary(Health health) {
    Object error = health.getDetails().get("error");
    return error == null
        ? health.getStatus().getCode()
        : health.getStatus().getCode() + ": " + error;
  }

  private static Health check(DataSource pool, int validSeconds) {
    try (Connection connection = pool.getConnection()) {
      return connection.isValid(validSeconds)
          ? Health.up().build()
          : Health.down().withDetail("error", "connection not valid").build();
    } catch (SQLException unavailable) {
      return Health.down().withDetail("error", unavailable.getMessage()).build();
    }
  }
}
