package com.payflow.testsupport;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The structure rules every service keeps (package by feature, docs/architecture.md): each
 * service's {@code ArchitectureTest} applies them to its own production classes, so a change that
 * breaks one fails that module's build.
 */
public final class PackageRules {

  private PackageRules() {}

  /** The service's production classes under {@code rootPackage}. */
  public static JavaClasses productionClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(rootPackage);
  }

  /**
   * The feature packages directly under {@code rootPackage} (and everything beneath each) depend on
   * each other without cycles: a cycle means two features that cannot be understood, tested or
   * moved apart.
   */
  public static void assertFeaturePackagesFreeOfCycles(String rootPackage) {
    slices()
        .matching(rootPackage + ".(*)..")
        .namingSlices("feature $1")
        .should()
        .beFreeOfCycles()
        .check(productionClasses(rootPackage));
  }
}
