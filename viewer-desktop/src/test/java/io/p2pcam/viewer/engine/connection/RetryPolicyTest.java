package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy noJitter =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, Duration.ofSeconds(60));
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void anOfflineCameraIsTriedAgainWithDoublingWaitsUpToTheCap() {
        assertThat(noJitter.delayMillis(ViewerFailure.CAMERA_UNAVAILABLE, 1, random))
                .isEqualTo(1_000);
        assertThat(noJitter.delayMillis(ViewerFailure.CAMERA_UNAVAILABLE, 2, random))
                .isEqualTo(2_000);
        assertThat(noJitter.delayMillis(ViewerFailure.TIMEOUT, 4, random)).isEqualTo(8_000);
        assertThat(noJitter.delayMillis(ViewerFailure.PUNCH_FAILED, 50, random)).isEqualTo(30_000);
    }

    @Test
    void aLostSessionReconnectsAtOnceThenBacksOff() {
        assertThat(noJitter.delayMillis(ViewerFailure.CONNECTION_LOST, 1, random))
                .isZero();
        assertThat(noJitter.delayMillis(ViewerFailure.CONNECTION_LOST, 2, random))
                .isEqualTo(1_000);
    }

    @Test
    void noFailureStopsATileForGood() {
        for (ViewerFailure failure : ViewerFailure.values()) {
            for (int inARow = 1; inARow <= 50; inARow++) {
                assertThat(RetryPolicy.DEFAULT.delayMillis(failure, inARow, random))
                        .as("%s, %d in a row", failure, inARow)
                        .isNotNegative();
            }
        }
    }

    @Test
    void aRefusedHandshakeOrALyingCloudIsTriedAgainWithTheCappedBackoff() {
        // A wrong clock gets corrected, a cloud node gets mended: as an offline camera, never more than the cap apart.
        assertThat(noJitter.delayMillis(ViewerFailure.HANDSHAKE_FAILED, 1, random))
                .isEqualTo(1_000);
        assertThat(noJitter.delayMillis(ViewerFailure.HANDSHAKE_FAILED, 3, random))
                .isEqualTo(4_000);
        assertThat(noJitter.delayMillis(ViewerFailure.CLOUD_LIED, 50, random)).isEqualTo(30_000);
    }

    @Test
    void aWrongPasswordOrARevokedKeyWaitsLongerThanTheCameraRemembersWrongPasswords() {
        // The camera forgets wrong passwords after 15 min without one (PROTOCOL §10.1 step 4): a tile
        // retrying on its own never adds to another viewer's wait.
        for (int i = 0; i < 1_000; i++) {
            assertThat(RetryPolicy.DEFAULT.delayMillis(ViewerFailure.AUTH_FAILED, 1 + i % 5, random))
                    .isBetween(
                            Duration.ofMinutes(20).toMillis(),
                            Duration.ofMinutes(24).toMillis());
            assertThat(RetryPolicy.DEFAULT.delayMillis(ViewerFailure.PASSWORD_NEEDED, 1, random))
                    .isGreaterThan(Duration.ofMinutes(15).toMillis());
        }
        assertThat(noJitter.delayMillis(ViewerFailure.TOO_MANY_ATTEMPTS, 1, random))
                .isEqualTo(60_000);
    }

    @Test
    void jitterSpreadsRetriesWithinItsBound() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(RetryPolicy.DEFAULT.delayMillis(ViewerFailure.CAMERA_UNAVAILABLE, 3, random))
                    .isBetween(3_200L, 4_800L);
        }
    }

    @Test
    void everyFailureHasAStateForTheTile() {
        for (ViewerFailure failure : ViewerFailure.values()) {
            assertThat(RetryPolicy.stateOf(failure).inProgress()).isFalse();
        }
        assertThat(RetryPolicy.stateOf(ViewerFailure.AUTH_FAILED)).isEqualTo(ConnectionState.WRONG_PASSWORD);
        assertThat(RetryPolicy.stateOf(ViewerFailure.CAMERA_UNAVAILABLE)).isEqualTo(ConnectionState.OFFLINE);
        assertThat(RetryPolicy.stateOf(ViewerFailure.RATE_LIMITED))
                .as("the cloud's refusal is not shown as a missing path")
                .isEqualTo(ConnectionState.CLOUD_LIMITED);
        assertThat(RetryPolicy.stateOf(ViewerFailure.TIMEOUT)).isEqualTo(ConnectionState.UNREACHABLE);
    }
}
