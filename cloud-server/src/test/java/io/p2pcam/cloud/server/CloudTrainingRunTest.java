package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CloudTrainingRunTest {
    @Test
    void everyCameraComesBackByResumeAfterEachRestartOfTheLoopbackNode() throws Exception {
        CloudTrainingRun.Outcome outcome = CloudTrainingRun.run(20, 2, new SecureRandom());

        assertThat(outcome.registered()).isEqualTo(20);
        // Per camera: HELLO + REGISTER, 3 keepalives a round, the viewer's LOOKUP and CONNECT_REQUEST,
        // the camera's CONNECT_ANSWER, and after each restart a keepalive, HELLO, RESUME and a keepalive.
        assertThat(outcome.datagramsSent()).isGreaterThanOrEqualTo(20L * (2 + 2 * (3 + 3 + 4)));
    }

    @Test
    void aRunWithoutCamerasOrRestartsIsRefused() {
        assertThatThrownBy(() -> CloudTrainingRun.run(0, 1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudTrainingRun.run(1, 0, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
