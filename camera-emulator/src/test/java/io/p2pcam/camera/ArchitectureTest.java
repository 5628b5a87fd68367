package io.p2pcam.camera;

import static io.p2pcam.protocol.testing.ArchitectureRules.appDependsOnNoOtherApp;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPackageCycles;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPredictableRandomness;
import static io.p2pcam.protocol.testing.ArchitectureRules.secretsComparedInConstantTime;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** The camera emulator's rules: no package cycles, no other app. */
@AnalyzeClasses(
        packages = "io.p2pcam.camera",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    @ArchTest
    void cameraPackagesHaveNoCycles(JavaClasses classes) {
        noPackageCycles("io.p2pcam.camera").check(classes);
    }

    @ArchTest
    void theCameraDrawsEveryRandomValueFromSecureRandom(JavaClasses classes) {
        noPredictableRandomness("io.p2pcam.camera..").check(classes);
    }

    @ArchTest
    void theCameraDependsOnNoOtherApp(JavaClasses classes) {
        appDependsOnNoOtherApp("io.p2pcam.camera..", "io.p2pcam.cloud..", "io.p2pcam.viewer..", "io.p2pcam.loadgen..")
                .check(classes);
    }

    /**
     * The camera checks passwords, pairing tags and forward tags through shared-protocol's
     * constant-time checks; its own code (the pairing file, the CLI) compares no secret early-exit
     * either.
     */
    @ArchTest
    void secretDerivedBytesAreComparedInConstantTime(JavaClasses classes) {
        secretsComparedInConstantTime("io.p2pcam.camera..").check(classes);
    }
}
