package com.payflow.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps a document's stated defaults in step with the {@code application.yml} that sets them: every
 * {@code `property.name` (value …)} in the given section of a Markdown file must equal the
 * property's default in the YAML ({@code ${ENV:default}} resolves to the default). Values are
 * compared as numbers when the document gives one ("10 s" is 10000 for a {@code -ms} property,
 * "10,000" is 10000), else as text.
 */
public final class DocumentedDefaults {

  private static final Pattern STATED =
      Pattern.compile("`([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)` \\(([^),]+(?:,\\d{3})*)");
  private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{[A-Z0-9_]+:(.*)}$");
  private static final Pattern NUMBER = Pattern.compile("^(\\d[\\d,]*)\\s*(ms|s)?\\b.*");
  private static final long MS_PER_SECOND = 1000;

  private DocumentedDefaults() {}

  /**
   * The mismatches between {@code section} of {@code markdown} and {@code yaml}; empty when in
   * step.
   */
  public static List<String> mismatches(Path markdown, String section, Path yaml)
      throws IOException {
    Map<String, String> stated = stated(markdown, section);
    if (stated.isEmpty()) {
      throw new IllegalStateException(
          "no `property` (value) found in section '" + section + "' of " + markdown);
    }
    Map<String, String> configured = flatten(yaml);
    List<String> mismatches = new ArrayList<>();
    stated.forEach(
        (property, documented) -> {
          String value = configured.get(property);
          if (value == null) {
            mismatches.add(property + ": documented as " + documented + ", not in " + yaml);
          } else if (!same(property, documented, value)) {
            mismatches.add(property + ": documented as " + documented + ", configured " + value);
          }
        });
    return mismatches;
  }

  private static Map<String, String> stated(Path markdown, String section) throws IOException {
    String text = Files.readString(markdown);
    int start = text.indexOf("\n## " + section);
    if (start < 0) {
      throw new IllegalStateException("no section '## " + section + "' in " + markdown);
    }
    int end = text.indexOf("\n## ", start + 1);
    Matcher stated = STATED.matcher(text.substring(start, end < 0 ? text.length() : end));
    Map<String, String> found = new LinkedHashMap<>();
    while (stated.find()) {
      found.put(stated.group(1), stated.group(2).strip());
    }
    return found;
  }

  private static boolean same(String property, String documented, String configured) {
    Matcher number = NUMBER.matcher(documented);
    if (!number.matches()) {
      return documented.equals(configured);
    }
    long stated = Long.parseLong(number.group(1).replace(",", ""));
    if ("s".equals(number.group(2)) && property.endsWith("-ms")) {
      stated *= MS_PER_SECOND;
    }
    String digits = configured.replaceAll("ms$", "").strip();
    return digits.matches("\\d+") && Long.parseLong(digits) == stated;
  }

  private static Map<String, String> flatten(Path yaml) throws IOException {
    Map<String, String> flat = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(yaml)) {
      flatten("", new Yaml().load(in), flat);
    }
    return flat;
  }

  private static void flatten(String prefix, Object node, Map<String, String> flat) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) ->
              flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, flat));
    } else if (node != null) {
      Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(node));
      flat.put(prefix, placeholder.matches() ? placeholder.group(1) : String.valueOf(node));
    }
  }
}
