package com.payflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * No secret value in the manifests: no Secret objects at all (they come from sealed-secrets,
 * external-secrets or k8s/kind/setup.sh), only references to the documented ones; and the gateway
 * references none.
 */
class SecretsTest {

  static final List<String> OVERLAYS = Manifests.OVERLAYS;

  /** Secret name -> keys, as documented in docs/kubernetes.md and created by kind/setup.sh. */
  static final Map<String, Set<String>> DOCUMENTED =
      Map.of(
          "payflow-db-credentials",
              Set.of(
                  "MYSQL_ROOT_PASSWORD",
                  "PAYFLOW_DB_MIGRATOR_PASSWORD",
                  "PAYFLOW_DB_SETTLEMENT_PASSWORD",
                  "PAYFLOW_DB_TXN_PASSWORD",
                  "PAYFLOW_DB_LEDGER_PASSWORD"),
          "payflow-api-keys",
              Set.of(
                  "PAYFLOW_OPERATOR_KEY_SHA256",
                  "PAYFLOW_CLIENTS",
                  "PAYFLOW_CURSOR_KEY",
                  "DASHBOARD_SESSION_SECRET"),
          "payflow-ledger-signing", Set.of("LEDGER_SIGNING_PRIVATE_KEY"));

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void noSecretObjectsAndNoLiteralSecretLookingValues(String overlay) {
    Manifests m = Manifests.of(overlay);
    assertThat(m.rawOfKind("Secret")).as("Secret objects in plain manifests").isEmpty();
    List<String> literal = new ArrayList<>();
    m.containers()
        .forEach(
            (where, c) ->
                Optional.ofNullable(c.getEnv())
                    .orElse(List.of())
                    .forEach(
                        e -> {
                          if (e.getValue() != null
                              && e.getName()
                                  .matches(
                                      ".*(PASSWORD|SECRET|PRIVATE_KEY|TOKEN"
                                          + "|KEY_SHA256|CLIENTS|CURSOR_KEY).*")) {
                            literal.add(where + " " + e.getName());
                          }
                        }));
    assertThat(literal).as("secret-looking env vars with literal values").isEmpty();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void onlyDocumentedSecretsAreReferenced(String overlay) {
    Set<String> refs = new TreeSet<>();
    Manifests.of(overlay)
        .containers()
        .forEach(
            (where, c) -> {
              for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                  var ref = e.getValueFrom().getSecretKeyRef();
                  refs.add(ref.getName() + "/" + ref.getKey());
                  assertThat(DOCUMENTED).as(where).containsKey(ref.getName());
                  assertThat(DOCUMENTED.get(ref.getName())).as(where).contains(ref.getKey());
                }
              }
              for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
                assertThat(from.getSecretRef())
                    .as(where + ": whole-Secret envFrom hides what is used")
                    .isNull();
              }
            });
    assertThat(refs)
        .as("every documented key is used somewhere")
        .hasSize(DOCUMENTED.values().stream().mapToInt(Set::size).sum());
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theGatewayHasNoSecretsAndNoDatabaseConfiguration(String overlay) {
    Container gateway =
        Manifests.of(overlay)
            .named(Deployment.class, "gateway-service")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    assertThat(Optional.ofNullable(gateway.getEnv()).orElse(List.of()))
        .noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .noneMatch(e -> e.getName().contains("DB") || e.getName().startsWith("MYSQL"));
    assertThat(gateway.getEnvFrom())
        .noneMatch(
            f ->
                f.getConfigMapRef() != null
                    && f.getConfigMapRef().getName().startsWith("payflow-shards"));
  }
}
