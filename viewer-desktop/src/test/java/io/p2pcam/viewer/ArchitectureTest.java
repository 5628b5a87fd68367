package io.p2pcam.viewer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.p2pcam.protocol.testing.ArchitectureRules.appDependsOnNoOtherApp;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPackageCycles;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPredictableRandomness;
import static io.p2pcam.protocol.testing.ArchitectureRules.secretsComparedInConstantTime;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The viewer's rules: its engine (connect, decode, record; also behind {@code probe}) has no
 * JavaFX, its view models no controls, no package cycles, and of the other apps only the cloud
 * (hosted in-process, decision 0009).
 */
@AnalyzeClasses(
        packages = "io.p2pcam.viewer",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    @ArchTest
    void theEngineHasNoJavaFx(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage("io.p2pcam.viewer.engine..", "io.p2pcam.viewer.probe..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "atlantafx..", "org.kordamp..")
                .because("the engine also runs headless behind probe, and is tested without a display")
                .check(classes);
    }

    @ArchTest
    void viewModelsHoldStateAndCommandsButNoControls(JavaClasses classes) {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Model")
                .or()
                .haveSimpleName("CameraList")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.animation..", "javafx.application..")
                .because("views bind to view models; view models are unit-tested without a display or FX thread")
                .check(classes);
    }

    @ArchTest
    void theEntryPointAndTheDesktopLaunchReferToNoPicocliClass(JavaClasses classes) {
        noClasses()
                .that()
                .haveFullyQualifiedName("io.p2pcam.viewer.cli.ViewerMain")
                .or()
                .haveFullyQualifiedName("io.p2pcam.viewer.cli.DesktopLaunch")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("picocli..")
                .because("a launch without options must not load picocli, which JDK 25 cannot keep in the"
                        + " start-up cache (issue 16 §2)")
                .check(classes);
    }

    @ArchTest
    void theViewerDrawsEveryRandomValueFromSecureRandom(JavaClasses classes) {
        noPredictableRandomness("io.p2pcam.viewer..").check(classes);
    }

    @ArchTest
    void viewerPackagesHaveNoCycles(JavaClasses classes) {
        noPackageCycles("io.p2pcam.viewer").check(classes);
    }

    @ArchTest
    void theViewerDependsOnNoOtherAppButTheHostedCloud(JavaClasses classes) {
        appDependsOnNoOtherApp("io.p2pcam.viewer..", "io.p2pcam.camera..", "io.p2pcam.loadgen..")
                .check(classes);
    }

    /**
     * The viewer keeps cloud passes and its own key: no secret compared early-exit. The one
     * early-exit comparison allowed is media: whether a recording's SPS and PPS changed (public,
     * they are in every keyframe).
     */
    @ArchTest
    void secretDerivedBytesAreComparedInConstantTime(JavaClasses classes) {
        secretsComparedInConstantTime("io.p2pcam.viewer..", "RecordedParameterSets.sameAs")
                .check(classes);
    }
}
