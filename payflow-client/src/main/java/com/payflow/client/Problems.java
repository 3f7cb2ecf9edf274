package com.payflow.client;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads an RFC 9457 answer; a body that is not one (e.g. from a proxy) still yields a problem. */
final class Problems {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> MEMBERS = Set.of("type", "title", "status", "detail");

  private Problems() {}

  static Problem parse(HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode body;
    try {
      body = JSON.readTree(response.body() == null ? "" : response.body());
    } catch (JacksonException notJson) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return new Problem(
          ProblemKind.UNRECOGNISED, "about:blank", status, "HTTP " + status, "", Map.of());
    }
    String type = body.path("type").asString("about:blank");
    Map<String, String> extensions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : body.properties()) {
      if (!MEMBERS.contains(member.getKey())) {
        extensions.put(
            member.getKey(),
            member.getValue().isValueNode()
                ? member.getValue().asString()
                : member.getValue().toString());
      }
    }
    return new Problem(
        ProblemKind.ofType(type),
        type,
        body.path("status").asInt(status),
        body.path("title").asString(""),
        body.path("detail").asString(""),
        extensions);
  }
}
