package com.payflow.transaction;

import com.payflow.testsupport.PackageRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void featurePackages_haveNoCycles() {
    PackageRules.assertFeaturePackagesFreeOfCycles(ArchitectureTest.class.getPackageName());
  }
}
