package io.p2pcam.cloud;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.p2pcam.protocol.testing.ArchitectureRules.appDependsOnNoOtherApp;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPackageCycles;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPredictableRandomness;
import static io.p2pcam.protocol.testing.ArchitectureRules.sansIo;
import static io.p2pcam.protocol.testing.ArchitectureRules.secretsComparedInConstantTime;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.p2pcam.runtime.AtomicWrite;
import io.p2pcam.runtime.LogSpacing;
import io.p2pcam.runtime.UsageErrors;
import io.p2pcam.runtime.UserFiles;

/**
 * The cloud's rules: its core is sans-I/O (Netty lives in server), no package cycles, no other app,
 * and of endpoint-runtime only its file writing and its log spacing.
 */
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

    /**
     * Cookie MACs, registration tokens, RESUME proofs, pass and relay tags are compared in constant
     * time. The one early-exit comparison allowed compares a registration's address with a source
     * (public).
     */
    @ArchTest
    void secretDerivedBytesAreComparedInConstantTime(JavaClasses classes) {
        secretsComparedInConstantTime("io.p2pcam.cloud..", "RegistrationTable.registeredFrom")
                .check(classes);
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

    /**
     * The cloud takes endpoint-runtime for its secret files' forced writes (and the pure {@link
     * LogSpacing}) alone: its jar leaves out JmDNS (cloud-server's pom), so LAN discovery or the
     * endpoint's sockets here would fail at run time.
     */
    @ArchTest
    void theCloudUsesTheEndpointRuntimeOnlyToWriteFilesAndSpaceLogLines(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.p2pcam.cloud..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.p2pcam.runtime..")
                        .and(not(belongToAnyOf(
                                AtomicWrite.class, UserFiles.class, LogSpacing.class, UsageErrors.class))))
                .because("the cloud jar carries endpoint-runtime for AtomicWrite, LogSpacing and UsageErrors, without"
                        + " JmDNS")
                .check(classes);
    }
}
