package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.cloud.core.CloudConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CloudWarmUpTest {
    @Test
    void everyCameraRegistersKeepsAliveIsConnectedToAndComesBackAfterEachRestart() {
        CloudWarmUp.Outcome outcome = CloudWarmUp.run(20, 3, new SecureRandom());

        assertThat(outcome.camerasOnline()).isEqualTo(20);
        // Per camera: HELLO and REGISTER once; then per round a keepalive, a lookup, a connect and its
        // answer, and after the restart KEEPALIVE (refused), HELLO and RESUME.
        assertThat(outcome.datagrams()).isGreaterThanOrEqualTo(20L * (2 + 3 * (4 + 3)));
    }

    @Test
    void aNodeStartedAfterAWarmUpHasNoneOfItsCamerasNorCounts() throws Exception {
        CloudWarmUp.run(20, 1, new SecureRandom());

        try (CloudServer server = CloudServer.start(
                new CloudServerSettings(InetAddress.getLoopbackAddress(), 0, 0, CloudConfig.defaults()))) {
            InetSocketAddress http = server.httpAddress().orElseThrow();
            String metrics = Http.get(http, "/metrics").body();

            assertThat(metrics)
                    .contains("p2pcam_cameras_online 0\n")
                    .contains("p2pcam_registrations_total{outcome=\"registered\"} 0\n")
                    .contains("p2pcam_registrations_total{outcome=\"resumed\"} 0\n");
        }
    }

    @Test
    void refusesAWarmUpWithoutCameras() {
        assertThatThrownBy(() -> CloudWarmUp.run(0, 1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
