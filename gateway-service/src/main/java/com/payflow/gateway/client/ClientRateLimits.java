package com.payflow.gateway.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.redis.RedisKeys;
import com.payflow.gateway.balance.RedisConnection;
import com.payflow.gateway.system.ApiProblem;
import com.payflow.gateway.system.GatewayProperties;
import com.payflow.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The per-client request limit, global across gateway instances (so it does not grow with each
 * replica the HPA adds): one token bucket per client in Redis ({@code rate.lua}, server clock).
 *
 * <p>A gateway takes tokens in small leases (at most {@code client-rate-limit-lease}, and at most a
 * twentieth of the limit, so small limits stay exact), so a busy client costs one Redis round trip
 * per lease, not per request. Leasing never admits more than the bucket gives; tokens leased but
 * unused when the lease expires ({@link #LEASE_TTL}) are lost, so across N instances a client may
 * get up to N leases fewer than its limit in a second, never more.
 */
@Component
public class ClientRateLimits {

  /** Unused leased tokens are dropped after this long: a lease never outlives a refill period. */
  static final Duration LEASE_TTL = Duration.ofSeconds(1);

  /** Most clients a gateway keeps a lease for; an evicted lease only costs its unused tokens. */
  private static final int MAX_LEASES = 100_000;

  /** A bucket idle this long is dropped from Redis (it would be full again anyway). */
  private static final Duration BUCKET_TTL = Duration.ofSeconds(60);

  /** Takes the limit's twentieth at most per lease: with limit 10, one token at a time. */
  private static final int LEASE_FRACTION = 20;

  private final RedisConnection redis;
  private final LuaScript rate = LuaScript.load("rate");
  private final int ratePerSecond;
  private final int lease;
  private final Cache<ClientId, Lease> leases;
  private final Counter limited;

  ClientRateLimits(RedisConnection redis, GatewayProperties properties, MeterRegistry meters) {
    this.redis = redis;
    this.ratePerSecond = properties.clientRateLimitPerSecond();
    this.lease =
        Math.max(1, Math.min(properties.clientRateLimitLease(), ratePerSecond / LEASE_FRACTION));
    this.leases = Caffeine.newBuilder().maximumSize(MAX_LEASES).build();
    this.limited =
        Counter.builder("payflow.intake.rate.limited")
            .description("requests answered 429: their client's global budget was spent")
            .register(meters);
  }

  /** Takes one permit for {@code client} or throws a 429 problem (Redis errors propagate). */
  public void acquire(ClientId client) {
    Lease current = leases.get(client, ignored -> new Lease());
    synchronized (current) {
      long now = System.nanoTime();
      if (current.remaining > 0 && now < current.expiresAt) {
        current.remaining--;
        return;
      }
      List<Long> reply =
          redis.call(
              commands ->
                  rate.run(
                      commands,
                      ScriptOutputType.MULTI,
                      new String[] {RedisKeys.clientRate(client)},
                      Integer.toString(ratePerSecond),
                      Integer.toString(ratePerSecond),
                      Integer.toString(lease),
                      Long.toString(BUCKET_TTL.toMillis())));
      long granted = reply.get(0);
      if (granted > 0) {
        current.remaining = (int) granted - 1;
        current.expiresAt = now + LEASE_TTL.toNanos();
        return;
      }
      current.remaining = 0;
      limited.increment();
      long retryAfterSeconds = Math.max(1, Duration.ofMillis(reply.get(1)).toSeconds() + 1);
      throw new ApiProblem(
          HttpStatus.TOO_MANY_REQUESTS,
          "rate-limited",
          "Too many requests",
          "client " + client + " exceeded its rate limit of " + ratePerSecond + " per second",
          Map.of(),
          retryAfterSeconds);
    }
  }

  /** Tokens this gateway took from the client's bucket and has not used yet. */
  private static final class Lease {
    private int remaining;
    private long expiresAt;
  }
}
