package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.security.SecureRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one REGISTER signature check costs: the JDK's Ed25519 (what the cloud used) against
 * {@link StrictEd25519} (Bouncy Castle with full key validation). Not a unit test: run by
 * bench/ed25519-verify.sh, figures in docs/BENCHMARKS.md.
 */
@Tag("benchmark")
class Ed25519VerifyBenchmarkTest {
    private static final Logger log = LoggerFactory.getLogger(Ed25519VerifyBenchmarkTest.class);
    private static final int WARMUP = 3_000;
    private static final int MEASURED = 5_000;

    @Test
    void strictBouncyCastleVerificationIsFasterThanTheJdks() {
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        CameraPublicKey key = camera.publicKey();
        byte[] message = new byte[200];
        new SecureRandom().nextBytes(message);
        byte[] signature = camera.sign(message, 0, message.length);
        byte[] signingKey = key.signingKey();

        double jdk = 0;
        double strict = 0;
        for (int round = 0; round < 3; round++) {
            jdk = microsPerCheck(() -> key.verify(message, 0, message.length, signature));
            strict = microsPerCheck(() -> StrictEd25519.verify(signingKey, message, 0, message.length, signature));
        }
        log.info(
                "Ed25519 verify, one thread: JDK {} µs, StrictEd25519 (Bouncy Castle) {} µs per check",
                Math.round(jdk),
                Math.round(strict));
        assertThat(strict).isLessThan(jdk);
    }

    private interface Check {
        boolean run();
    }

    private static double microsPerCheck(Check check) {
        for (int i = 0; i < WARMUP; i++) {
            assertThat(check.run()).isTrue();
        }
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            assertThat(check.run()).isTrue();
        }
        return (System.nanoTime() - start) / 1e3 / MEASURED;
    }
}
