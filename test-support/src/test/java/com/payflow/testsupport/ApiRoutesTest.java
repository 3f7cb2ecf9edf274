package com.payflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Nginx edge as {@link ApiRoutes} reads it. Every public {@code /api/v1} location proxies to
 * one of the three services whose ApiDescriptionIT proves it documented (gateway-service,
 * transaction-service, ledger-service), so together they cover every public route.
 */
class ApiRoutesTest {

  private static final Set<String> DESCRIBED_SERVICES = Set.of("gateway", "transaction", "ledger");

  @Test
  void everyApiLocation_proxiesToAServiceThatDescribesIt() {
    for (Path template : ApiRoutes.NGINX_TEMPLATES) {
      List<ApiRoutes.Location> api = ApiRoutes.apiLocations(template);
      assertThat(api).as(template.toString()).hasSizeGreaterThanOrEqualTo(9);
      assertThat(api)
          .as(template.toString())
          .allSatisfy(l -> assertThat(DESCRIBED_SERVICES).contains(l.upstream()));
    }
  }

  @Test
  void selection_followsNginx_exactThenRegexBeforePrefix() {
    for (Path template : ApiRoutes.NGINX_TEMPLATES) {
      List<ApiRoutes.Location> all = ApiRoutes.locations(template);
      assertThat(upstream(all, "/api/v1/payments")).contains("gateway");
      assertThat(upstream(all, "/api/v1/payments/abc")).contains("transaction");
      assertThat(upstream(all, "/api/v1/transactions/abc")).contains("transaction");
      assertThat(upstream(all, "/api/v1/transactions/abc/proof")).contains("ledger");
      assertThat(upstream(all, "/api/v1/accounts/abc/transactions")).contains("transaction");
      assertThat(ApiRoutes.select(all, "/api/v1/chain/verify").map(ApiRoutes.Location::modifier))
          .contains("=");
      assertThat(upstream(all, "/v3/api-docs/ledger")).contains("ledger");
      // Not public: answered by Nginx itself.
      assertThat(upstream(all, "/actuator/health")).contains("");
    }
  }

  @Test
  void samples_fillEveryPathVariable() {
    assertThat(ApiRoutes.sample("/api/v1/accounts/{id}/transactions"))
        .isEqualTo("/api/v1/accounts/sample-1/transactions");
  }

  private static Optional<String> upstream(List<ApiRoutes.Location> locations, String path) {
    return ApiRoutes.select(locations, path).map(ApiRoutes.Location::upstream);
  }
}
