package io.p2pcam.cloud.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A client whose UDP lane at the cloud is empty (a flood in its name, decision 0057), whose own
 * request over UDP draws this second's ERROR RATE_LIMITED: it moves to TCP at once, where the cloud
 * keeps a budget apart for it, and asks again there (PROTOCOL.md §3.1, §3.10.13). Before
 * 2026-12-05 the refusal ended a viewer's attempt, and a camera backed off and asked again over
 * UDP, refused again, until its unanswered requests moved it to TCP seconds later.
 */
@Tag("realtime") // real sockets, threads and deadlines
class RateLimitedOverUdpTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** Messages a source may send at once, per bucket; the refill is too slow to matter within the test. */
    private static final int BURST = 4;
    /** Both buckets (registration, requests) of every source, per lane. */
    private static final RateLimit SLOW = new RateLimit(0.01, BURST);

    private final SecureRandom secure = new SecureRandom();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    private CloudServer cloud;
    private UdpEndpointRunner<CameraEndpoint> camera;
    private UdpEndpointRunner<ViewerEndpoint> viewer;

    @AfterEach
    void stop() {
        if (viewer != null) {
            viewer.close(v -> v.close(UdpEndpointRunner.now()));
        }
        if (camera != null) {
            camera.close(c -> c.close(UdpEndpointRunner.now()));
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aViewerRefusedForRateOverUdpAsksAgainOverTcpAndGoesLive() throws Exception {
        startCloud();
        BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
        startCamera(UdpEndpointRunner.open(ANY_LOOPBACK), cameraEvents);
        Eventually.next(Duration.ofSeconds(5), cameraEvents, CameraEvent.Registered.class);

        DatagramChannel channel = UdpEndpointRunner.open(ANY_LOOPBACK);
        UdpLane.spendRequests(channel, cloud.udpAddress(), identity.id(), BURST);

        BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
        viewer = LoopbackEndpoints.viewer(identity, channel, cloud.udpAddress(), secure, events, null);

        LoopbackEndpoints.awaitLive(events);
        assertThat(viewer.cloudOverTcp()).as("served over TCP").isTrue();
    }

    @Test
    void aCameraRefusedForRateOverUdpRegistersOverTcpWithoutAskingUdpAgain() throws Exception {
        startCloud();
        DatagramChannel channel = UdpEndpointRunner.open(ANY_LOOPBACK);
        UdpLane.spendRegistrations(channel, cloud.udpAddress(), identity.publicKey(), BURST);

        BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
        startCamera(channel, cameraEvents);
        Eventually.next(Duration.ofSeconds(10), cameraEvents, CameraEvent.Registered.class);
        assertThat(camera.cloudOverTcp()).as("registered over TCP").isTrue();
        assertThat(cloud.metrics().drops(DropReason.RATE_LIMITED))
                .as("only its first REGISTER_HELLO was refused: it did not back off and ask over UDP again")
                .isEqualTo(1);
    }

    private void startCloud() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.defaults()
                .withBindAddress(InetAddress.getLoopbackAddress())
                .withUdpPort(0)
                .withHttpPort(CloudServerSettings.HTTP_OFF)
                .withCloud(CloudConfig.defaults().withRates(SLOW, SLOW)));
    }

    private void startCamera(DatagramChannel channel, BlockingQueue<CameraEvent> events) throws Exception {
        camera = LoopbackEndpoints.camera(identity, channel, cloud.udpAddress(), secure, events);
    }
}
