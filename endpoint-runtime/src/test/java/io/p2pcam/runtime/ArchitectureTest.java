package io.p2pcam.runtime;

import static io.p2pcam.protocol.testing.ArchitectureRules.appDependsOnNoOtherApp;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPredictableRandomness;
import static io.p2pcam.protocol.testing.ArchitectureRules.secretsComparedInConstantTime;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/** The runtime camera and viewer share depends on no app. */
@AnalyzeClasses(
        packages = "io.p2pcam.runtime",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    @ArchTest
    void theRuntimeDrawsEveryRandomValueFromSecureRandom(JavaClasses classes) {
        // The simulated bad network of loss tests is seeded on purpose, so that a run repeats.
        noPredictableRandomness("io.p2pcam.runtime..", ".*ImpairedLink").check(classes);
    }

    @ArchTest
    void theRuntimeDependsOnNoApp(JavaClasses classes) {
        appDependsOnNoOtherApp(
                        "io.p2pcam.runtime..",
                        "io.p2pcam.cloud..",
                        "io.p2pcam.camera..",
                        "io.p2pcam.viewer..",
                        "io.p2pcam.loadgen..")
                .check(classes);
    }

    /** The runtime holds the endpoints' cloud tokens and forward keys: no secret compared early-exit. */
    @ArchTest
    void secretDerivedBytesAreComparedInConstantTime(JavaClasses classes) {
        secretsComparedInConstantTime("io.p2pcam.runtime..").check(classes);
    }
}
