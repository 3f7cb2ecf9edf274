package com.payflow.gateway.balance;

import com.payflow.gateway.system.GatewayProperties;
import com.payflow.redis.RedisSession;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The gateway's Redis calls, behind the {@code redis} circuit breaker, over one shared, pipelined
 * {@link RedisSession} (standalone or cluster). Thread-safe; with virtual threads a blocking call
 * costs no platform thread, so no pool is needed. Connected lazily: the gateway starts (and reports
 * the breaker) even while Redis is down.
 */
@Component
public class RedisConnection {

  private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);

  private final RedisSession session;
  private final CircuitBreaker breaker;
  private final Duration timeout;

  RedisConnection(RedisSession session, CircuitBreaker redisBreaker, GatewayProperties properties) {
    this.session = session;
    this.breaker = redisBreaker;
    this.timeout = Duration.ofMillis(properties.redisTimeoutMs());
  }

  /** Runs {@code call} through the circuit breaker; Redis errors propagate as RedisException. */
  public <T> T call(Function<RedisClusterCommands<String, String>, T> call) {
    return breaker.executeSupplier(() -> call.apply(session.sync()));
  }

  /**
   * Sends the commands {@code call} issues as one pipeline and waits for all replies (bounded by
   * the command timeout), through the circuit breaker.
   */
  public void callAsync(
      Function<RedisClusterAsyncCommands<String, String>, List<RedisFuture<?>>> call) {
    breaker.executeRunnable(
        () -> {
          List<RedisFuture<?>> replies = call.apply(session.async());
          if (!LettuceFutures.awaitAll(timeout, replies.toArray(RedisFuture[]::new))) {
            throw new RedisCommandTimeoutException(
                "pipelined commands did not complete within "
                    + timeout.toMillis()
                    + " ms (payflow.gateway.redis-timeout-ms)");
          }
          for (RedisFuture<?> reply : replies) {
            if (reply.getError() != null) {
              throw new RedisCommandExecutionException(reply.getError());
            }
          }
        });
  }

  /**
   * Queues a command on the shared connection without waiting for it and outside the circuit
   * breaker: for clean-up that must run behind an earlier command on the same connection (Redis
   * runs one connection's commands in order; in a cluster, the same node connection serves the same
   * slot) even while the breaker is open. A failure is logged.
   */
  void sendUnguarded(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<?>> command) {
    command
        .apply(session.async())
        .whenComplete(
            (reply, failed) -> {
              if (failed != null) {
                log.warn("unguarded redis command failed: {}", failed.toString());
              }
            });
  }
}
