package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Two event loops on one UDP port (SO_REUSEPORT): the kernel spreads sources over both sockets,
 * and a lookup or connect that lands on one loop finds a camera registered through the other.
 */
@Tag("realtime")
@EnabledOnOs(OS.LINUX)
class MultiLoopServerTest {
    private static final int CAMERAS = 24;

    @Test
    void twoLoopsOnOnePortBothServeAndLookupsAndConnectsFindCamerasOfTheOtherLoop() throws Exception {
        try (CloudServer server =
                CloudServer.start(CloudServerSettings.loopbackEphemeral().withEventLoops(2))) {
            assertThat(server.eventLoops()).isEqualTo(2);
            List<UdpCamera> cameras = new ArrayList<>();
            List<UdpViewer> viewers = new ArrayList<>();
            try {
                for (int i = 0; i < CAMERAS; i++) {
                    UdpCamera camera = new UdpCamera(server.udpAddress());
                    cameras.add(camera);
                    camera.register();
                    viewers.add(new UdpViewer(server.udpAddress()));
                }
                // Each viewer (its own socket, so its own 4-tuple) looks up a camera registered by another socket.
                for (int i = 0; i < CAMERAS; i++) {
                    UdpCamera camera = cameras.get((i + 1) % CAMERAS);
                    LookupResult result = viewers.get(i).lookup(camera.id());
                    assertThat(result.found()).as("lookup %d", i).isTrue();
                    assertThat(result.key()).isEqualTo(camera.camera.publicKey());
                    assertThat(camera.keepalive().keepaliveMillis()).isPositive();
                }
                for (int i = 0; i < CAMERAS; i += 4) {
                    UdpCamera camera = cameras.get((i + 1) % CAMERAS);
                    viewers.get(i).requestConnect(camera.id(), Bytes.of(new byte[] {7}));
                    ConnectForward forward = camera.awaitForward();
                    camera.answer(forward, true, Bytes.of(new byte[] {8}));
                    ConnectResult result = viewers.get(i).awaitResult();
                    assertThat(result.status()).as("connect %d", i).isEqualTo(ConnectStatus.ACCEPTED);
                }
                long[] perLoop = server.datagramsReadPerLoop();
                assertThat(perLoop).hasSize(2);
                assertThat(Arrays.stream(perLoop).min().orElseThrow())
                        .as("both sockets received datagrams: %s", Arrays.toString(perLoop))
                        .isPositive();
                assertThat(server.metrics().camerasOnline()).isEqualTo(CAMERAS);
            } finally {
                cameras.forEach(UdpCamera::close);
                viewers.forEach(UdpViewer::close);
            }
        }
    }
}
