package io.p2pcam.media.codec;

import static io.p2pcam.protocol.testing.ArchitectureRules.appDependsOnNoOtherApp;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPackageCycles;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** The shared codecs' rules: no package cycles, and no app (both apps depend on this module). */
@AnalyzeClasses(
        packages = "io.p2pcam.media",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    @ArchTest
    void codecPackagesHaveNoCycles(JavaClasses classes) {
        noPackageCycles("io.p2pcam.media").check(classes);
    }

    @ArchTest
    void theCodecsDependOnNoApp(JavaClasses classes) {
        appDependsOnNoOtherApp(
                        "io.p2pcam.media..",
                        "io.p2pcam.camera..",
                        "io.p2pcam.viewer..",
                        "io.p2pcam.cloud..",
                        "io.p2pcam.loadgen..")
                .check(classes);
    }
}
