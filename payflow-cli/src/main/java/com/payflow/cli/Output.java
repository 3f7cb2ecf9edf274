package com.payflow.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Text for people, or one JSON object per command with --json. */
final class Output {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PrintWriter out;
  private final boolean json;
  private final Map<String, Object> fields = new LinkedHashMap<>();

  Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** Records a field (JSON) and prints {@code line} (text). */
  Output say(String field, Object value, String line) {
    fields.put(field, value);
    if (!json && line != null) {
      out.println(line);
    }
    return this;
  }

  /** A line of text only (JSON carries the same data as fields). */
  Output line(String text) {
    if (!json) {
      out.println(text);
    }
    return this;
  }

  /** Records a field for JSON only. */
  Output field(String field, Object value) {
    fields.put(field, value);
    return this;
  }

  ExitCode done(ExitCode code) {
    if (json) {
      fields.put("exitCode", code.code);
      out.println(JSON.writeValueAsString(fields));
    }
    out.flush();
    return code;
  }
}
