package com.payflow.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a service's OpenAPI description against what is really reachable (issue 17): the routes it
 * maps ({@code METHOD /path/{var}}) and the Nginx edge's {@code /api/v1} locations, parsed from
 * both Nginx templates and resolved the way Nginx selects a location (exact, then the longest
 * prefix unless a regex matches first).
 */
public final class ApiRoutes {

  /** The Nginx templates of the repository, relative to a module's directory. */
  public static final List<Path> NGINX_TEMPLATES =
      List.of(
          Path.of("../infra/nginx/nginx.conf.template"),
          Path.of("../infra/nginx/nginx.container.conf.template"));

  /** The public API's prefix at the edge. */
  public static final String API_PREFIX = "/api/v1";

  private static final Pattern LOCATION =
      Pattern.compile("^\\s*location\\s+(=|~\\*|~|\\^~)?\\s*(\\S+)\\s*\\{", Pattern.MULTILINE);
  private static final Pattern PROXY_PASS = Pattern.compile("proxy_pass\\s+http://([A-Za-z_]+)");
  private static final Pattern VARIABLE = Pattern.compile("\\{[^/}]+}");

  private ApiRoutes() {}

  /** One Nginx location: its modifier ("" for a plain prefix), its pattern and its upstream. */
  public record Location(String modifier, String pattern, String upstream) {

    boolean matches(String path) {
      return switch (modifier) {
        case "=" -> path.equals(pattern);
        case "~" -> Pattern.compile(pattern).matcher(path).find();
        case "~*" -> Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).matcher(path).find();
        default -> path.startsWith(pattern);
      };
    }

    boolean isRegex() {
      return modifier.startsWith("~");
    }

    boolean isPrefix() {
      return modifier.isEmpty() || modifier.equals("^~");
    }

    @Override
    public String toString() {
      return "location " + (modifier.isEmpty() ? "" : modifier + " ") + pattern + " -> " + upstream;
    }
  }

  /** Every location of {@code template} that proxies or answers (named locations left out). */
  public static List<Location> locations(Path template) {
    String text;
    try {
      text = Files.readString(template);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
    List<Location> locations = new ArrayList<>();
    Matcher location = LOCATION.matcher(text);
    while (location.find()) {
      String pattern = location.group(2);
      if (pattern.startsWith("@")) {
        continue;
      }
      int depth = 1;
      int at = location.end();
      while (depth > 0 && at < text.length()) {
        char c = text.charAt(at++);
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      Matcher proxy = PROXY_PASS.matcher(text.substring(location.end(), at));
      String upstream = proxy.find() ? proxy.group(1) : "";
      String modifier = location.group(1) == null ? "" : location.group(1);
      locations.add(new Location(modifier, pattern, upstream));
    }
    return locations;
  }

  /** The locations of {@code template} for the public API (under {@value #API_PREFIX}). */
  public static List<Location> apiLocations(Path template) {
    return locations(template).stream()
        .filter(l -> l.pattern().startsWith(API_PREFIX) || l.pattern().startsWith("^" + API_PREFIX))
        .toList();
  }

  /** The location Nginx selects for {@code path}, as its documentation describes. */
  public static Optional<Location> select(List<Location> locations, String path) {
    Optional<Location> exact =
        locations.stream().filter(l -> l.modifier().equals("=") && l.matches(path)).findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    Optional<Location> prefix =
        locations.stream()
            .filter(l -> l.isPrefix() && l.matches(path))
            .max(Comparator.comparingInt(l -> l.pattern().length()));
    if (prefix.isPresent() && prefix.get().modifier().equals("^~")) {
      return prefix;
    }
    Optional<Location> regex =
        locations.stream().filter(l -> l.isRegex() && l.matches(path)).findFirst();
    return regex.isPresent() ? regex : prefix;
  }

  /** A concrete path for a templated one: every {@code {var}} becomes a plausible segment. */
  public static String sample(String templated) {
    return VARIABLE.matcher(templated).replaceAll("sample-1");
  }

  /**
   * The documented paths (templated) that Nginx does not route to {@code upstream}, in either
   * template: a description must only promise what the edge delivers to that service.
   */
  public static Set<String> notRoutedTo(String upstream, Set<String> documentedPaths) {
    Set<String> wrong = new TreeSet<>();
    for (Path template : NGINX_TEMPLATES) {
      List<Location> locations = locations(template);
      for (String path : documentedPaths) {
        Optional<Location> selected = select(locations, sample(path));
        if (selected.isEmpty() || !selected.get().upstream().equals(upstream)) {
          wrong.add(
              template.getFileName() + ": " + path + " -> " + selected.map(Location::toString));
        }
      }
    }
    return wrong;
  }

  /**
   * The {@value #API_PREFIX} locations that proxy to {@code upstream} and that no documented path
   * reaches (selected for some documented path's sample), in either template.
   */
  public static Set<String> undocumentedLocations(String upstream, Set<String> documentedPaths) {
    Set<String> undocumented = new TreeSet<>();
    for (Path template : NGINX_TEMPLATES) {
      List<Location> all = locations(template);
      Set<Location> reached =
          documentedPaths.stream()
              .map(path -> select(all, sample(path)))
              .flatMap(Optional::stream)
              .collect(Collectors.toSet());
      for (Location location : apiLocations(template)) {
        if (location.upstream().equals(upstream) && !reached.contains(location)) {
          undocumented.add(template.getFileName() + ": " + location);
        }
      }
    }
    return undocumented;
  }
}
