package com.payflow.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * A Spring service's effective configuration inside one container of a rendered overlay: its {@code
 * application.yml} (parsed with snakeyaml, flattened to dotted keys) with the container's
 * environment applied the way Spring Boot applies it. Only what the deployment can change is
 * modelled:
 *
 * <ul>
 *   <li>a placeholder {@code ${NAME:default}} takes the variable {@code NAME} from the container
 *       ({@code env} and {@code envFrom} ConfigMaps), else the property {@code NAME} (itself
 *       resolved), else its default (resolved, nested placeholders included);
 *   <li>a property is overridden by the variable of its canonical name (relaxed binding: {@code
 *       spring.datasource.url} by {@code SPRING_DATASOURCE_URL}, {@code a.b-c} by {@code A_BC}).
 * </ul>
 *
 * Values that come from Secrets are unknown here: they resolve to {@link #SECRET}.
 */
final class ServiceConfig {

  /** Stands for a value read from a Secret (never known to the manifests). */
  static final String SECRET = "<secret>";

  final String service;
  private final Map<String, String> properties;
  private final Map<String, String> env;

  private ServiceConfig(String service, Map<String, String> properties, Map<String, String> env) {
    this.service = service;
    this.properties = properties;
    this.env = env;
  }

  /** {@code service}'s application.yml with the environment of its container in {@code m}. */
  static ServiceConfig inContainer(Manifests m, String service, Container container) {
    return new ServiceConfig(service, applicationYml(service), environment(m, container));
  }

  /** {@code service}'s application.yml with the given environment. */
  static ServiceConfig withEnv(String service, Map<String, String> env) {
    return new ServiceConfig(service, applicationYml(service), Map.copyOf(env));
  }

  /** The flattened application.yml of {@code service} (dotted keys, list items as {@code [i]}). */
  static Map<String, String> applicationYml(String service) {
    Object root = new Yaml().load(Manifests.read(service + "/src/main/resources/application.yml"));
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", root, out);
    return out;
  }

  /**
   * A container's environment: envFrom ConfigMaps first, then env (which wins, as in Kubernetes).
   */
  static Map<String, String> environment(Manifests m, Container c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
      if (from.getConfigMapRef() != null) {
        ConfigMap cm = m.named(ConfigMap.class, from.getConfigMapRef().getName());
        out.putAll(Optional.ofNullable(cm.getData()).orElse(Map.of()));
      } else if (from.getSecretRef() != null) {
        throw new AssertionError(
            c.getName() + ": envFrom a whole Secret cannot be checked; reference its keys");
      }
    }
    for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
      out.put(e.getName(), e.getValueFrom() != null ? SECRET : e.getValue());
    }
    return out;
  }

  private static void flatten(String prefix, Object node, Map<String, String> out) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        flatten(prefix + "[" + i + "]", list.get(i), out);
      }
    } else {
      out.put(prefix, node == null ? "" : String.valueOf(node));
    }
  }

  /** Every property key of the application.yml. */
  Set<String> keys() {
    return properties.keySet();
  }

  /** The effective value of {@code key}; null if the application.yml does not have it. */
  String get(String key) {
    String override = env.get(canonicalEnvName(key));
    if (override != null) {
      return override;
    }
    String raw = properties.get(key);
    return raw == null ? null : resolve(raw, 0);
  }

  /** Spring Boot's environment variable for a property: upper case, '.' to '_', '-' dropped. */
  static String canonicalEnvName(String key) {
    return key.replace("[", "_")
        .replace("]", "")
        .replace('.', '_')
        .replace("-", "")
        .toUpperCase(Locale.ROOT);
  }

  /** Resolves every {@code ${name:default}} in {@code text}, nested ones included. */
  String resolve(String text, int depth) {
    if (depth > 20) {
      throw new AssertionError(service + ": placeholder cycle in " + text);
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("${", i);
      if (start < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, start);
      int end = closingBrace(text, start + 2);
      String body = text.substring(start + 2, end);
      int colon = body.indexOf(':');
      String name = colon < 0 ? body : body.substring(0, colon);
      String fallback = colon < 0 ? null : body.substring(colon + 1);
      out.append(lookup(name, fallback, depth));
      i = end + 1;
    }
    return out.toString();
  }

  private String lookup(String name, String fallback, int depth) {
    if (env.containsKey(name)) {
      return env.get(name);
    }
    if (properties.containsKey(name)) {
      String overridden = env.get(canonicalEnvName(name));
      return overridden != null ? overridden : resolve(properties.get(name), depth + 1);
    }
    if (fallback != null) {
      return resolve(fallback, depth + 1);
    }
    throw new AssertionError(
        service + ": ${" + name + "} has no default and the container does not set it");
  }

  /** One {@code ${name}} or {@code ${name:fallback}}; the fallback may hold placeholders. */
  record Placeholder(String name, String fallback) {}

  /** The outermost placeholders of {@code text}, in order (nested ones are in their fallbacks). */
  static List<Placeholder> placeholders(String text) {
    List<Placeholder> out = new java.util.ArrayList<>();
    int i = text.indexOf("${");
    while (i >= 0) {
      int end = closingBrace(text, i + 2);
      String body = text.substring(i + 2, end);
      int colon = body.indexOf(':');
      out.add(
          colon < 0
              ? new Placeholder(body, null)
              : new Placeholder(body.substring(0, colon), body.substring(colon + 1)));
      i = text.indexOf("${", end + 1);
    }
    return out;
  }

  /** {@code text} without its placeholders (the literal part a default contributes itself). */
  static String withoutPlaceholders(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int start;
    while ((start = text.indexOf("${", i)) >= 0) {
      out.append(text, i, start);
      i = closingBrace(text, start + 2) + 1;
    }
    return out.append(text.substring(i)).toString();
  }

  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      if (text.startsWith("${", i)) {
        depth++;
        i++;
      } else if (text.charAt(i) == '}' && --depth == 0) {
        return i;
      }
    }
    throw new AssertionError("unbalanced placeholder in " + text);
  }
}
