package io.p2pcam.loadgen;

import static io.p2pcam.protocol.testing.ArchitectureRules.appDependsOnNoOtherApp;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** The load generator talks to a cloud only over the wire: it depends on no app (its tests may start one). */
@AnalyzeClasses(
        packages = "io.p2pcam.loadgen",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    @ArchTest
    void theLoadGeneratorDependsOnNoOtherApp(JavaClasses classes) {
        appDependsOnNoOtherApp("io.p2pcam.loadgen..", "io.p2pcam.cloud..", "io.p2pcam.camera..", "io.p2pcam.viewer..")
                .check(classes);
    }
}
