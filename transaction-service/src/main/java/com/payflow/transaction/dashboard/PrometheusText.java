package com.payflow.transaction.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal reader of the Prometheus text exposition format (what {@code /actuator/prometheus}
 * answers): one sample per line, {@code name{label="value",…} value [timestamp]}; comments and
 * blank lines skipped. Only the metric names asked for are parsed.
 */
final class PrometheusText {

  /** One sample. */
  record Sample(String name, Map<String, String> labels, double value) {

    /** The label, or {@code ""}. */
    String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  private PrometheusText() {}

  /** The samples whose metric name is in {@code names} (all when empty). */
  static List<Sample> parse(String text, Set<String> names) {
    List<Sample> samples = new ArrayList<>();
    int start = 0;
    int length = text.length();
    while (start < length) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      Sample sample = parseLine(line, names);
      if (sample != null) {
        samples.add(sample);
      }
    }
    return samples;
  }

  private static Sample parseLine(String line, Set<String> names) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    int nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
    if (nameEnd <= 0) {
      return null;
    }
    String name = line.substring(0, nameEnd);
    if (!names.isEmpty() && !names.contains(name)) {
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    int position = nameEnd;
    if (line.charAt(nameEnd) == '{') {
      position = parseLabels(line, nameEnd + 1, labels);
      if (position < 0) {
        return null;
      }
    }
    String rest = line.substring(position).strip();
    int valueEnd = rest.indexOf(' ');
    String value = valueEnd < 0 ? rest : rest.substring(0, valueEnd);
    try {
      return new Sample(name, labels, parseValue(value));
    } catch (NumberFormatException malformed) {
      return null;
    }
  }

  /** Parses labels after '{'; returns the index after '}' or -1 when malformed. */
  private static int parseLabels(String line, int from, Map<String, String> labels) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '}') {
        return i + 1;
      }
      if (c == ',' || c == ' ') {
        i++;
        continue;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return -1;
      }
      String key = line.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (j < line.length() && line.charAt(j) != '"') {
        char v = line.charAt(j);
        if (v == '\\' && j + 1 < line.length()) {
          char escaped = line.charAt(++j);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(v);
        }
        j++;
      }
      if (j >= line.length()) {
        return -1;
      }
      labels.put(key, value.toString());
      i = j + 1;
    }
    return -1;
  }

  private static double parseValue(String value) {
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }
}
