package com.payflow.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connections the workloads of an overlay are configured to open, derived from their own
 * configuration instead of a copied list: every address in a Java service's effective {@code
 * application.yml} ({@link ServiceConfig}: the YAML with its container's environment) and every
 * upstream of the nginx edge ({@code NGINX_*_UPSTREAM}). Each address is resolved the way the
 * cluster resolves it: a Service name (also {@code <pod>.<service>} and fully qualified forms) to
 * the pods its selector picks and the container port its {@code targetPort} names; Strimzi's {@code
 * <cluster>-kafka-bootstrap} to the broker pods. Loopback addresses stay inside the pod.
 */
final class ConfiguredConnections {

  /**
   * One configured connection: {@code from}'s pods open TCP to {@code to}'s pods on {@code port}.
   */
  record Connection(String from, String to, int port, String source) {
    String path() {
      return from + " -> " + to + ":" + port;
    }
  }

  /** An address that stays inside the pod (loopback): no NetworkPolicy is involved. */
  record Loopback(String from, int port, String source) {}

  /** Everything {@code m}'s workloads are configured to reach. */
  record Derived(List<Connection> connections, List<Loopback> loopbacks) {}

  /** URLs of any scheme the services use: http(s), redis, jdbc:mysql. */
  static final Pattern URL =
      Pattern.compile("(?:https?|rediss?|jdbc:mysql)://([^/:?,;\\s]+)(?::(\\d+))?");

  static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("http", 80, "https", 443, "redis", 6379, "rediss", 6379, "jdbc:mysql", 3306);

  private ConfiguredConnections() {}

  static Derived derive(Manifests m) {
    Map<String, NetworkPolicyTest.Endpoint> pods = NetworkPolicyTest.pods(m);
    List<Connection> connections = new ArrayList<>();
    List<Loopback> loopbacks = new ArrayList<>();
    for (String service : WorkloadRulesTest.JAVA_SERVICES) {
      var container =
          m.named(Deployment.class, service)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .getFirst();
      ServiceConfig config = ServiceConfig.inContainer(m, service, container);
      for (String key : config.keys()) {
        String value = config.get(key);
        for (Address a : addresses(config, key, value)) {
          add(m, pods, service, a, service + " " + key + " = " + value, connections, loopbacks);
        }
      }
    }
    // The edge: nginx.container.conf.template proxies to NGINX_*_UPSTREAM (host:port).
    var nginx = m.named(Deployment.class, "nginx").getSpec().getTemplate().getSpec();
    Map<String, String> edgeEnv = ServiceConfig.environment(m, nginx.getContainers().getFirst());
    edgeEnv.forEach(
        (name, value) -> {
          if (name.endsWith("_UPSTREAM")) {
            add(
                m,
                pods,
                "nginx",
                hostPort(value, name),
                "nginx " + name + " = " + value,
                connections,
                loopbacks);
          }
        });
    return new Derived(List.copyOf(connections), List.copyOf(loopbacks));
  }

  record Address(String host, int port) {}

  /** The addresses in one property value. */
  static List<Address> addresses(ServiceConfig config, String key, String value) {
    List<Address> out = new ArrayList<>();
    if (value == null || value.equals(ServiceConfig.SECRET)) {
      return out;
    }
    if (key.endsWith("bootstrap-servers")) {
      for (String server : value.split(",")) {
        if (!server.isBlank()) {
          out.add(hostPort(server.trim(), key));
        }
      }
      return out;
    }
    // DashboardProperties.gateways(): without gateway-urls, one URL per gateway port on
    // services-host.
    if (key.equals("payflow.dashboard.gateway-ports")
        && config.get("payflow.dashboard.gateway-urls").isBlank()) {
      String host = config.get("payflow.dashboard.services-host");
      for (String port : value.split("[,\\s]+")) {
        if (!port.isBlank()) {
          out.add(new Address(host, Integer.parseInt(port.trim())));
        }
      }
      return out;
    }
    Matcher url = URL.matcher(value);
    while (url.find()) {
      String scheme = url.group().substring(0, url.group().indexOf("://"));
      int port = url.group(2) != null ? Integer.parseInt(url.group(2)) : DEFAULT_PORTS.get(scheme);
      out.add(new Address(url.group(1), port));
    }
    return out;
  }

  static Address hostPort(String value, String what) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new AssertionError(what + " = " + value + " is not host:port");
    }
    return new Address(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
  }

  private static void add(
      Manifests m,
      Map<String, NetworkPolicyTest.Endpoint> pods,
      String from,
      Address a,
      String source,
      List<Connection> connections,
      List<Loopback> loopbacks) {
    if (isLoopback(a.host())) {
      loopbacks.add(new Loopback(from, a.port(), source));
      return;
    }
    for (Target t : resolve(m, pods, a, source)) {
      connections.add(new Connection(from, t.workload(), t.port(), source));
    }
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  record Target(String workload, int port) {}

  /** The pods (by workload) and container port an address reaches inside the namespace. */
  static List<Target> resolve(
      Manifests m, Map<String, NetworkPolicyTest.Endpoint> pods, Address a, String source) {
    String host = a.host();
    for (String suffix :
        List.of(
            "." + NetworkPolicyTest.NS + ".svc.cluster.local",
            "." + NetworkPolicyTest.NS + ".svc",
            "." + NetworkPolicyTest.NS)) {
      if (host.endsWith(suffix)) {
        host = host.substring(0, host.length() - suffix.length());
        break;
      }
    }
    if (host.endsWith(".svc") || host.endsWith(".svc.cluster.local")) {
      throw new AssertionError(source + ": " + a.host() + " is outside namespace payflow");
    }
    // "<pod>.<headless service>" (a StatefulSet pod, or a per-shard template): the service.
    String serviceName = host.substring(host.lastIndexOf('.') + 1);
    boolean podAddress = host.contains(".");

    for (var kafka : m.custom("kafka.strimzi.io/v1beta2", "Kafka")) {
      if (serviceName.equals(kafka.getMetadata().getName() + "-kafka-bootstrap")) {
        return List.of(new Target(NetworkPolicyTest.KAFKA_BROKER.name(), a.port()));
      }
    }
    Service service =
        m.all(Service.class).stream()
            .filter(s -> s.getMetadata().getName().equals(serviceName))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        source
                            + ": host "
                            + a.host()
                            + " is no Service of overlay "
                            + m
                            + " (nor Strimzi's <cluster>-kafka-bootstrap)"));
    Map<String, String> selector =
        Optional.ofNullable(service.getSpec().getSelector()).orElse(Map.of());
    if (selector.isEmpty()) {
      throw new AssertionError(source + ": Service " + serviceName + " selects no pods");
    }
    boolean headless = "None".equals(service.getSpec().getClusterIP());
    List<Target> out = new ArrayList<>();
    for (NetworkPolicyTest.Endpoint pod : pods.values()) {
      if (!pod.labels().entrySet().containsAll(selector.entrySet())) {
        continue;
      }
      int port =
          podAddress || headless
              ? a.port() // pod IPs: the port is the container's
              : targetPort(service, a.port(), pod, source);
      if (pod.ports().stream().noneMatch(p -> p.getContainerPort() == port)) {
        throw new AssertionError(
            source + ": " + pod.name() + " has no container port " + port + " (" + a + ")");
      }
      out.add(new Target(pod.name(), port));
    }
    if (out.isEmpty()) {
      throw new AssertionError(source + ": Service " + serviceName + " selects no workload's pods");
    }
    return out;
  }

  private static int targetPort(
      Service service, int port, NetworkPolicyTest.Endpoint pod, String source) {
    ServicePort sp =
        service.getSpec().getPorts().stream()
            .filter(p -> p.getPort() == port)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        source
                            + ": Service "
                            + service.getMetadata().getName()
                            + " has no port "
                            + port));
    IntOrString target = sp.getTargetPort();
    if (target == null) {
      return port;
    }
    if (target.getIntVal() != null) {
      return target.getIntVal();
    }
    return pod.ports().stream()
        .filter(p -> target.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    source + ": " + pod.name() + " has no port named " + target.getStrVal()));
  }
}
