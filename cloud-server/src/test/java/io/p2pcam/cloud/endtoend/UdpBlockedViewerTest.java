package io.p2pcam.cloud.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.session.SessionEvent;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.Impairment;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A viewer on a network that blocks UDP, against a cloud started with the default settings (TCP
 * on the UDP port's number) plus the relay: the viewer falls back to TCP on the UDP port number
 * by itself, connects, and goes live through the relay over TCP (issue 13 §3).
 */
@Tag("realtime") // real sockets, threads and deadlines
class UdpBlockedViewerTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** Every UDP datagram in or out of the viewer's socket is lost; TCP is untouched. */
    private static final Impairment UDP_BLOCKED = new Impairment(1.0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

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
    void aViewerWhoseNetworkBlocksUdpGoesLiveOverTcpAgainstACloudWithDefaultSettings() throws Exception {
        CloudServerSettings settings = CloudServerSettings.defaults()
                .withBindAddress(InetAddress.getLoopbackAddress())
                .withUdpPort(0)
                .withHttpPort(CloudServerSettings.HTTP_OFF)
                .withCloud(CloudConfig.defaults().withRelay(RelayLimits.on()));
        assertThat(settings.tcpPort()).isEqualTo(CloudServerSettings.TCP_SAME_AS_UDP);
        cloud = CloudServer.start(settings);
        assertThat(cloud.tcpAddress()).hasValue(cloud.udpAddress());

        BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
        camera = LoopbackEndpoints.camera(
                identity, UdpEndpointRunner.open(ANY_LOOPBACK), cloud.udpAddress(), secure, cameraEvents);
        Eventually.next(Duration.ofSeconds(5), cameraEvents, CameraEvent.Registered.class);

        BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
        viewer = LoopbackEndpoints.viewer(
                identity, UdpEndpointRunner.open(ANY_LOOPBACK), cloud.udpAddress(), secure, events, UDP_BLOCKED);

        ViewerEvent live = Eventually.next("the viewer live", Duration.ofSeconds(15), events, e -> {
            if (e instanceof ViewerEvent.Failed failed) {
                throw new AssertionError("viewer failed: " + failed);
            }
            return e instanceof ViewerEvent.Live;
        });
        assertThat(((ViewerEvent.Live) live).path()).isEqualTo(SessionEvent.PathKind.RELAY);
        byte[] rtp = RtpCodec.encode(new RtpPacket(96, true, 1, 0, 1, new byte[] {7, 7, 7}));
        Eventually.next(Duration.ofSeconds(5), cameraEvents, CameraEvent.ViewerLive.class);
        for (int i = 0; i < 20; i++) {
            camera.execute(c -> c.sendMedia(rtp, UdpEndpointRunner.now()));
        }
        ViewerEvent media = Eventually.next(
                "media through the relay over TCP", Duration.ofSeconds(5), events, e -> e instanceof ViewerEvent.Video);
        assertThat(((DepacketizerEvent.AccessUnit) ((ViewerEvent.Video) media).event()).annexB())
                .containsExactly(0, 0, 0, 1, 7, 7, 7); // the SPS-only access unit sent
        assertThat(viewer.impairedDrops())
                .as("the viewer's UDP really was blocked")
                .isPositive();
    }
}
