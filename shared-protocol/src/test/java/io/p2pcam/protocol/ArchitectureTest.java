package io.p2pcam.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.p2pcam.protocol.testing.ArchitectureRules.noPackageCycles;
import static io.p2pcam.protocol.testing.ArchitectureRules.sansIo;
import static io.p2pcam.protocol.testing.ArchitectureRules.secretHoldersCompareInConstantTime;
import static io.p2pcam.protocol.testing.ArchitectureRules.secretsComparedInConstantTime;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionHello;
import java.security.MessageDigest;

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

    /** Cookie MACs, tokens, proofs and tags are compared in constant time wherever the protocol checks them. */
    @ArchTest
    void secretDerivedBytesAreComparedInConstantTime(JavaClasses classes) {
        secretsComparedInConstantTime("io.p2pcam.protocol..").check(classes);
    }

    /**
     * {@link Bytes} carries the cloud's cookies, tokens, tags and pass keys, {@link Password} and
     * {@link KeyPair} what their names say: their own equality is constant-time, so that records
     * holding them (CloudPass, PassTag, HandshakeEnvelope, TicketKeys.Key) compare in constant
     * time through their generated equals too.
     */
    @ArchTest
    void typesHoldingSecretsCompareInConstantTime(JavaClasses classes) {
        secretHoldersCompareInConstantTime(Bytes.class, Password.class, KeyPair.class)
                .check(classes);
    }

    /** Passwords are compared in constant time, in one place, and the protocol never reads their text. */
    @ArchTest
    void passwordsAreComparedInConstantTimeAndNeverRevealed(JavaClasses classes) {
        classes()
                .that()
                .belongToAnyOf(Password.class)
                .should()
                .callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
                .check(classes);
        noClasses().should().callMethod(Password.class, "reveal").check(classes);
        noClasses()
                .that()
                .doNotBelongToAnyOf(Password.class, SessionHello.class)
                .should()
                .callMethod(Password.class, "utf8")
                .because("only the hello codec puts a password's bytes on the wire")
                .check(classes);
    }
}
