package com.payflow.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * A Lua script from the classpath ({@code lua/<name>.lua}), run by SHA and loaded again when the
 * server answers NOSCRIPT (a restart, FLUSHALL or SCRIPT FLUSH), pipelined by SHA after {@link
 * #prepare}, or sent with its source ({@link #evalAsync}) where a reload cannot be afforded.
 * Thread-safe: the SHA is the same for every server.
 */
public final class LuaScript {

  private final String name;
  private final String source;
  private volatile String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
  }

  /** Loads {@code lua/<name>.lua} from the classpath; fails at once when it is missing. */
  public static LuaScript load(String name) {
    String path = "lua/" + name + ".lua";
    ClassLoader loader =
        Thread.currentThread().getContextClassLoader() != null
            ? Thread.currentThread().getContextClassLoader()
            : LuaScript.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + path);
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  /** Runs the script by SHA (loading it first, or again after NOSCRIPT); its reply. */
  public <T> T run(
      RedisClusterCommands<String, String> redis,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    if (sha == null) {
      sha = redis.scriptLoad(source);
    }
    try {
      return redis.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException lost) {
      sha = redis.scriptLoad(source);
      return redis.evalsha(sha, type, keys, args);
    }
  }

  /**
   * Sends the script with its source (EVAL) on an async connection: no NOSCRIPT is possible, so a
   * call that must not fail after a server restart (a completion after the client already has its
   * answer) needs no reload round trip.
   */
  public <T> RedisFuture<T> evalAsync(
      RedisClusterAsyncCommands<String, String> redis,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    return redis.eval(source, type, keys, args);
  }

  /**
   * Makes sure the server knows the script, so that many {@link #submit} calls can be pipelined
   * without NOSCRIPT failures (a flush between this and the calls still fails them; callers retry
   * the chunk).
   */
  public void prepare(RedisClusterCommands<String, String> redis) {
    sha = redis.scriptLoad(source);
  }

  /** Queues the script by SHA on an async (pipelining) connection; {@link #prepare} first. */
  public <T> RedisFuture<T> submit(
      RedisClusterAsyncCommands<String, String> redis,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    if (sha == null) {
      throw new IllegalStateException("prepare(" + name + ") before submitting it");
    }
    return redis.evalsha(sha, type, keys, args);
  }

  /** Waits for a pipelined reply; a Redis failure is rethrown as it was. */
  public static <T> T await(RedisFuture<T> reply) {
    try {
      return reply.get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for Redis", interrupted);
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(failed.getCause());
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
