package io.p2pcam.cloud;

import static io.p2pcam.protocol.testing.ArchitectureRules.appDependsOnNoOtherApp;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPackageCycles;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPredictableRandomness;
import static io.p2pcam.protocol.testing.ArchitectureRules.sansIo;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** The cloud's rules: its core is sans-I/O (Netty lives in server), no package cycles, no other app. */
@AnalyzeClasses(
        packages = "io.p2pcam.cloud",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    @ArchTest
    void theCloudDrawsEveryRandomValueFromSecureRandom(JavaClasses classes) {
        noPredictableRandomness("io.p2pcam.cloud..").check(classes);
    }

    @ArchTest
    void theRendezvousCoreIsSansIo(JavaClasses classes) {
        sansIo("io.p2pcam.cloud.core..").check(classes);
    }

    @ArchTest
    void cloudPackagesHaveNoCycles(JavaClasses classes) {
        noPackageCycles("io.p2pcam.cloud").check(classes);
    }

    @ArchTest
    void theCloudDependsOnNoOtherApp(JavaClasses classes) {
        appDependsOnNoOtherApp("io.p2pcam.cloud..", "io.p2pcam.camera..", "io.p2pcam.viewer..", "io.p2pcam.loadgen..")
                .check(classes);
    }
}
