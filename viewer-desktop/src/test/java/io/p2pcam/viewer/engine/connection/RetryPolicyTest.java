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
    void aWrongPasswordOrALyingCloudWaitsForTheUser() {
        assertThat(noJitter.delayMillis(ViewerFailure.AUTH_FAILED, 1, random)).isEqualTo(-1);
        assertThat(noJitter.delayMillis(ViewerFailure.CLOUD_LIED, 1, random)).isEqualTo(-1);
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
    }
}
