package com.payflow.transaction;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.payflow.testsupport.PackageRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final String ROOT = ArchitectureTest.class.getPackageName();
  private static final String DASHBOARD = ROOT + ".dashboard..";

  /** What the dashboard may use of this service (ADR 0014), read-only. */
  private static final List<String> DASHBOARD_MAY_USE =
      List.of("shard", "reconciliation", "system");

  private final JavaClasses classes = PackageRules.productionClasses(ROOT);

  @Test
  void featurePackages_haveNoCycles() {
    PackageRules.assertFeaturePackagesFreeOfCycles(ROOT);
  }

  /** ADR 0014: nothing depends on the dashboard; it depends on three packages only. */
  @Test
  void dashboard_isABoundedPart() {
    noClasses()
        .that()
        .resideOutsideOfPackage(DASHBOARD)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(DASHBOARD)
        .because("the service works the same with payflow.dashboard.enabled=false (ADR 0014)")
        .check(classes);
    String[] allowed =
        Stream.concat(
                Stream.of(
                    DASHBOARD,
                    "com.payflow.contracts..",
                    "java..",
                    "javax..",
                    "jakarta..",
                    "org.springframework..",
                    "org.slf4j..",
                    "tools.jackson..",
                    "com.fasterxml..",
                    "io.lettuce..",
                    "com.payflow.redis..",
                    "com.payflow.web..",
                    "io.micrometer..",
                    "org.apache.kafka..",
                    "com.zaxxer.."),
                DASHBOARD_MAY_USE.stream().map(feature -> ROOT + "." + feature + ".."))
            .toArray(String[]::new);
    classes()
        .that()
        .resideInAPackage(DASHBOARD)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed)
        .because(
            "the dashboard reads the shards, the reconciliation report and its"
                + " properties in-process; everything else over HTTP or Kafka admin (ADR 0014)")
        .check(classes);
  }
}
