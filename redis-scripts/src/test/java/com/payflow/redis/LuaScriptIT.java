package com.payflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.testsupport.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scripts on a real, private redis-server (a SCRIPT FLUSH here touches no other test): run by SHA,
 * reloaded after the server lost them, pipelined, and sent with their source.
 */
class LuaScriptIT {

  private static final String[] KEY = {"it:lua:counter"};

  private static PrivateRedis server;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void start() throws Exception {
    server = PrivateRedis.start();
    client = RedisClient.create(server.uri());
    connection = client.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    connection.close();
    client.shutdown();
    server.close();
  }

  @Test
  void runsBySha_andReloadsAfterTheServerLostTheScript() {
    RedisCommands<String, String> redis = connection.sync();
    redis.del(KEY);
    LuaScript script = LuaScript.load("it-incr");

    assertThat((Long) script.run(redis, ScriptOutputType.INTEGER, KEY, "2")).isEqualTo(2);
    redis.scriptFlush();
    assertThat((Long) script.run(redis, ScriptOutputType.INTEGER, KEY, "3")).isEqualTo(5);
  }

  @Test
  void pipelinedSubmits_afterPrepare_andEvalWithTheSource_needNoLoad() {
    RedisCommands<String, String> redis = connection.sync();
    redis.del(KEY);
    LuaScript script = LuaScript.load("it-incr");
    script.prepare(redis);
    List<RedisFuture<Long>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(script.submit(connection.async(), ScriptOutputType.INTEGER, KEY, "1"));
    }
    assertThat(replies.stream().map(LuaScript::await).toList()).endsWith(10L);

    redis.scriptFlush();
    RedisFuture<Long> withSource =
        script.evalAsync(connection.async(), ScriptOutputType.INTEGER, KEY, "5");
    assertThat(LuaScript.await(withSource)).isEqualTo(15);
  }

  @Test
  void aMissingScript_failsAtLoad_andSubmitWithoutPrepare_isRefused() {
    assertThatThrownBy(() -> LuaScript.load("no-such-script"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lua/no-such-script.lua");
    assertThatThrownBy(
            () ->
                LuaScript.load("it-incr")
                    .submit(connection.async(), ScriptOutputType.INTEGER, KEY, "1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("prepare");
  }
}
