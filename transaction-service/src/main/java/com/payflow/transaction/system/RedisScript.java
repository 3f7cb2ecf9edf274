package com.payflow.transaction.system;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * A Lua script from the classpath, run by SHA (loaded again after a FLUSHALL / SCRIPT FLUSH or
 * on a fresh server, which answer NOSCRIPT).
 */
public final class RedisScript {

  private final String name;
  private final String source;
  private volatile String sha;

  private RedisScript(String name, String source) {
    this.name = name;
    this.source = source;
  }

  /** Loads {@code lua/<name>.lua} from the classpath. */
  public static RedisScript load(String name) {
    String path = "lua/" + name + ".lua";
    try (InputStream in = RedisScript.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + path);
      }
      return new RedisScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  /** Runs the script and returns its reply. */
  public <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys,
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
   * Makes sure the server knows the script, so that many {@link #submit} calls can be
   * pipelined without NOSCRIPT failures (a flush between this and the calls still fails them;
   * callers retry the chunk).
   */
  public void prepare(RedisCommands<String, String> redis) {
    sha = redis.scriptLoad(source);
  }

  /** Queues the script on an async (pipelining) connection; call {@link #prepare} first. */
  public <T> RedisFuture<T> submit(RedisAsyncCommands<String, String> redis,
      ScriptOutputType type, String[] keys, String... args) {
    return redis.evalsha(sha, type, keys, args);
  }

  /** Waits for a pipelined reply. */
  public static <T> T await(RedisFuture<T> reply) {
    try {
      return reply.get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for Redis", interrupted);
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException(failed.getCause());
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
