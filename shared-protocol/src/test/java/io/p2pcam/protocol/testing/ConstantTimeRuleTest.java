package io.p2pcam.protocol.testing;

import static io.p2pcam.protocol.testing.ArchitectureRules.secretHoldersCompareInConstantTime;
import static io.p2pcam.protocol.testing.ArchitectureRules.secretsComparedInConstantTime;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.p2pcam.protocol.cloud.Bytes;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The constant-time rules of {@link ArchitectureRules} find the comparisons they name, and only those. */
class ConstantTimeRuleTest {
    private static final String HERE = "io.p2pcam.protocol.testing..";

    /** A check that compares a MAC as most code would, stopping at the first wrong byte. */
    static final class TagCheckedWithArraysEquals {
        boolean matches(byte[] expected, byte[] tag) {
            return Arrays.equals(expected, tag);
        }
    }

    static final class TagCheckedWithByteBufferEquals {
        boolean matches(ByteBuffer expected, ByteBuffer tag) {
            return expected.equals(tag);
        }
    }

    /** Bytes' own equality is constant-time (decision 0077): a token compared with it is no violation. */
    static final class TokenCheckedWithBytesEquals {
        boolean matches(Bytes expected, Bytes token) {
            return expected.equals(token);
        }
    }

    static final class TagCheckedInConstantTime {
        boolean matches(byte[] expected, byte[] tag) {
            return MessageDigest.isEqual(expected, tag);
        }
    }

    /** A value type's equality: public bytes (an ID), compared early-exit on purpose. */
    static final class PublicId {
        private final byte[] bytes = new byte[15];

        @Override
        public boolean equals(Object other) {
            return other instanceof PublicId id && Arrays.equals(bytes, id.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    @Test
    void anEarlyExitComparisonOfBytesOutsideAValueTypesEqualsIsAViolation() {
        assertThat(evaluate(TagCheckedWithArraysEquals.class).hasViolation()).isTrue();
        assertThat(evaluate(TagCheckedWithByteBufferEquals.class).hasViolation())
                .isTrue();
    }

    @Test
    void aConstantTimeComparisonAndAValueTypesEqualsAreNot() {
        assertThat(evaluate(TagCheckedInConstantTime.class).hasViolation()).isFalse();
        assertThat(evaluate(TokenCheckedWithBytesEquals.class).hasViolation()).isFalse();
        assertThat(evaluate(PublicId.class).hasViolation()).isFalse();
    }

    /** The equality allowed for an ID is a violation in a type named as carrying secrets (as Bytes' was). */
    @Test
    void aTypeCarryingSecretsMayNotCompareEarlyExitEvenInItsEquals() {
        assertThat(secretHoldersCompareInConstantTime(PublicId.class)
                        .evaluate(new ClassFileImporter().importClasses(PublicId.class))
                        .hasViolation())
                .isTrue();
        assertThat(secretHoldersCompareInConstantTime(Bytes.class)
                        .evaluate(new ClassFileImporter().importClasses(Bytes.class))
                        .hasViolation())
                .isFalse();
    }

    @Test
    void aMethodNamedAsAnExceptionMayCompareEarlyExit() {
        JavaClasses classes = new ClassFileImporter().importClasses(TagCheckedWithArraysEquals.class);
        assertThat(secretsComparedInConstantTime(HERE, "TagCheckedWithArraysEquals.matches")
                        .evaluate(classes)
                        .hasViolation())
                .isFalse();
    }

    private static EvaluationResult evaluate(Class<?> type) {
        return secretsComparedInConstantTime(HERE).evaluate(new ClassFileImporter().importClasses(type));
    }
}
