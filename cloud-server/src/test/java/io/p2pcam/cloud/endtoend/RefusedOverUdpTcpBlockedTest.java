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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A client refused for rate over UDP moves to TCP (PROTOCOL.md §3.1), but its network blocks TCP
 * to the cloud: it comes back to UDP, whose bucket refills within seconds, and is served there
 * inside its deadline. Before 2026-12-05 the viewer waited on the hung TCP connect and ended with
 * TimedOut, and the camera never registered.
 */
@Tag("realtime") // real sockets, threads and deadlines
class RefusedOverUdpTcpBlockedTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** Messages a source may send at once, per bucket. */
    private static final int BURST = 4;
    /** A bucket spent at once is full again 2 s later. */
    private static final RateLimit REFILLING = new RateLimit(2, BURST);
    /**
     * A deadline, not a wait: the camera registers in well under a second on an idle machine, but a
     * cold JVM on a machine loaded many times over can take its cloud past the retransmission waits,
     * and the camera's path then tries TCP (blocked here) and comes back before it is served.
     */
    private static final Duration REGISTERED_WITHIN = Duration.ofSeconds(30);

    private final SecureRandom secure = new SecureRandom();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    private CloudServer cloud;
    private BlockedTcpPort blockedTcp;
    private UdpEndpointRunner<CameraEndpoint> camera;
    private UdpEndpointRunner<ViewerEndpoint> viewer;

    @AfterEach
    void stop() throws Exception {
        if (viewer != null) {
            viewer.close(v -> v.close(UdpEndpointRunner.now()));
        }
        if (camera != null) {
            camera.close(c -> c.close(UdpEndpointRunner.now()));
        }
        if (cloud != null) {
            cloud.close();
        }
        if (blockedTcp != null) {
            blockedTcp.close();
        }
    }

    @Test
    void aViewerRefusedOverUdpWhoseTcpIsBlockedGoesLiveOverUdp() throws Exception {
        startCloud();
        BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
        camera = LoopbackEndpoints.camera(
                identity, UdpEndpointRunner.open(ANY_LOOPBACK), cloud.udpAddress(), secure, cameraEvents);
        Eventually.next(REGISTERED_WITHIN, cameraEvents, CameraEvent.Registered.class);

        try (DatagramChannel spender = UdpEndpointRunner.open(ANY_LOOPBACK)) {
            UdpLane.spendRequests(spender, cloud.udpAddress(), identity.id(), BURST); // the address's, any port
        }
        BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
        viewer = LoopbackEndpoints.viewer(
                identity, UdpEndpointRunner.open(ANY_LOOPBACK), cloud.udpAddress(), secure, events, null);
        // A flood in the viewer's name (its address) until its requests over UDP, refused, sent it to
        // TCP: a condition, however slowly a loaded machine runs the viewer, not a race with a refill.
        UdpLane.floodRequestsUntil(
                cloud.udpAddress(), identity.id(), Duration.ofSeconds(10), () -> viewer.cloudOverTcp());

        LoopbackEndpoints.awaitLive(events);
        assertThat(cloud.metrics().drops(DropReason.RATE_LIMITED))
                .as("the viewer was refused over UDP")
                .isPositive();
        assertThat(viewer.cloudOverTcp()).as("served over UDP").isFalse();
    }

    @Test
    void aCameraRefusedOverUdpWhoseTcpIsBlockedRegistersOverUdp() throws Exception {
        startCloud();
        try (DatagramChannel spender = UdpEndpointRunner.open(ANY_LOOPBACK)) {
            UdpLane.spendRegistrations(spender, cloud.udpAddress(), identity.publicKey(), BURST);
        }
        BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
        camera = LoopbackEndpoints.camera(
                identity, UdpEndpointRunner.open(ANY_LOOPBACK), cloud.udpAddress(), secure, cameraEvents);
        UdpLane.floodRegistrationsUntil(
                cloud.udpAddress(), identity.publicKey(), Duration.ofSeconds(10), () -> camera.cloudOverTcp());
        Eventually.next(Duration.ofSeconds(10), cameraEvents, CameraEvent.Registered.class);
        assertThat(cloud.metrics().drops(DropReason.RATE_LIMITED))
                .as("the camera was refused over UDP")
                .isPositive();
        assertThat(camera.cloudOverTcp()).as("registered over UDP").isFalse();
    }

    /**
     * A cloud of two independent nodes: the first refuses the viewer over UDP for good (a flood in
     * its name that never stops) and TCP to it is blocked; the viewer goes live through the second
     * (PROTOCOL.md §5.4: a node whose path changes with the request outstanding has the next node
     * asked at once).
     */
    @Test
    void aViewerRefusedByOneNodeWhoseTcpIsBlockedGoesLiveThroughTheNext() throws Exception {
        RateLimit never = new RateLimit(0.01, BURST);
        cloud = CloudServer.start(blockedTcpCloud(never));
        blockedTcp = new BlockedTcpPort(cloud.udpAddress());
        try (CloudServer next = CloudServer.start(CloudServerSettings.defaults()
                .withBindAddress(InetAddress.getLoopbackAddress())
                .withUdpPort(0)
                .withHttpPort(CloudServerSettings.HTTP_OFF))) {
            List<InetSocketAddress> nodes = List.of(cloud.udpAddress(), next.udpAddress());
            BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
            camera = LoopbackEndpoints.camera(
                    identity, UdpEndpointRunner.open(ANY_LOOPBACK), nodes, secure, cameraEvents);
            Eventually.next(REGISTERED_WITHIN, cameraEvents, CameraEvent.Registered.class);
            Eventually.next(REGISTERED_WITHIN, cameraEvents, CameraEvent.Registered.class);

            DatagramChannel channel = UdpEndpointRunner.open(ANY_LOOPBACK);
            UdpLane.spendRequests(channel, cloud.udpAddress(), identity.id(), BURST);
            BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
            viewer = LoopbackEndpoints.viewer(identity, channel, nodes, secure, events, null);

            LoopbackEndpoints.awaitLive(events);
            assertThat(cloud.metrics().drops(DropReason.RATE_LIMITED))
                    .as("the first node refused the viewer over UDP")
                    .isPositive();
        }
    }

    /** A cloud without TCP, whose TCP port number a firewall blackholes. */
    private void startCloud() throws Exception {
        cloud = CloudServer.start(blockedTcpCloud(REFILLING));
        blockedTcp = new BlockedTcpPort(cloud.udpAddress());
    }

    private static CloudServerSettings blockedTcpCloud(RateLimit rates) {
        return CloudServerSettings.defaults()
                .withBindAddress(InetAddress.getLoopbackAddress())
                .withUdpPort(0)
                .withTcpPort(CloudServerSettings.TCP_OFF)
                .withHttpPort(CloudServerSettings.HTTP_OFF)
                .withCloud(CloudConfig.defaults().withRates(rates, rates));
    }
}
