package io.p2pcam.protocol;

import static io.p2pcam.protocol.testing.ArchitectureRules.noPackageCycles;
import static io.p2pcam.protocol.testing.ArchitectureRules.sansIo;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** shared-protocol is pure protocol code: no I/O, and its packages form no cycle. */
@AnalyzeClasses(
        packages = "io.p2pcam.protocol",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    @ArchTest
    void theProtocolIsASansIoCore(JavaClasses classes) {
        sansIo("io.p2pcam.protocol..").check(classes);
    }

    @ArchTest
    void protocolPackagesHaveNoCycles(JavaClasses classes) {
        noPackageCycles("io.p2pcam.protocol").check(classes);
    }
}
