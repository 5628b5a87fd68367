package io.p2pcam.cloud.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real cloud server, a camera and a viewer on loopback UDP sockets, each on its own runtime thread. */
@Tag("realtime")
class CameraToViewerOverUdpTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final SecureRandom secure = new SecureRandom();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    private CloudServer cloud;
    private UdpEndpointRunner<CameraEndpoint> camera;
    private UdpEndpointRunner<ViewerEndpoint> viewer;
    private final BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();

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

    private void startCloudAndCamera() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        DatagramChannel channel = UdpEndpointRunner.open(ANY_LOOPBACK);
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        CameraEndpoint endpoint = new CameraEndpoint(
                identity,
                cloud.udpAddress(),
                EndpointNetwork.access(identity, "pw", InstantSource.system()),
                LocalCandidates.of(bound),
                new CameraStream(640, 360, 30),
                4,
                secure,
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
        camera = UdpEndpointRunner.start(endpoint, channel, "camera", c -> {
            CameraEvent event;
            while ((event = c.pollEvent()) != null) {
                cameraEvents.add(event);
            }
        });
        assertThat(cameraEvents.poll(5, TimeUnit.SECONDS)).isInstanceOf(CameraEvent.Registered.class);
    }

    private BlockingQueue<ViewerEvent> startViewer(String password) throws Exception {
        BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
        DatagramChannel channel = UdpEndpointRunner.open(ANY_LOOPBACK);
        long now = UdpEndpointRunner.now();
        ViewerEndpoint endpoint = new ViewerEndpoint(
                identity.id(),
                cloud.udpAddress(),
                Password.of(password),
                "test",
                KeyPair.generate(secure),
                true,
                LocalCandidates.of((InetSocketAddress) channel.getLocalAddress()),
                secure,
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                InstantSource.system(),
                now,
                now + 5_000);
        viewer = UdpEndpointRunner.start(endpoint, channel, "viewer", v -> {
            ViewerEvent event;
            while ((event = v.pollEvent()) != null) {
                events.add(event);
            }
        });
        return events;
    }

    private static <T extends ViewerEvent> T await(BlockingQueue<ViewerEvent> events, Class<T> type) throws Exception {
        ViewerEvent event = Eventually.next("a " + type.getSimpleName(), Duration.ofSeconds(5), events, e -> {
            if (e instanceof ViewerEvent.Failed failed && type != ViewerEvent.Failed.class) {
                throw new AssertionError("viewer failed: " + failed);
            }
            return type.isInstance(e);
        });
        return type.cast(event);
    }

    private void awaitCameraEvent(Class<? extends CameraEvent> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (type.isInstance(cameraEvents.poll(100, TimeUnit.MILLISECONDS))) {
                return;
            }
        }
        throw new AssertionError("the camera reported no " + type.getSimpleName() + " within 5 s");
    }

    private void awaitCameraLive() throws InterruptedException {
        Eventually.next(Duration.ofSeconds(5), cameraEvents, CameraEvent.ViewerLive.class);
    }

    @Test
    void aViewerGoesLiveOverRealSocketsAndReceivesMedia() throws Exception {
        startCloudAndCamera();
        BlockingQueue<ViewerEvent> events = startViewer("pw");
        ViewerEvent.Live live = await(events, ViewerEvent.Live.class);
        assertThat(live.atMillis()).isLessThan(1_000);
        awaitCameraLive();
        byte[] rtp = RtpCodec.encode(new RtpPacket(96, true, 1, 0, 1, new byte[] {7, 7, 7}));
        for (int i = 0; i < 20; i++) {
            camera.execute(c -> c.sendMedia(rtp, UdpEndpointRunner.now()));
        }
        assertThat(((DepacketizerEvent.AccessUnit)
                                await(events, ViewerEvent.Video.class).event())
                        .annexB())
                .containsExactly(0, 0, 0, 1, 7, 7, 7); // the SPS-only access unit sent
    }

    @Test
    void aConnectRequestWithAPasswordThatIsNotUtf8CostsTheCameraOnlyThatRequest() throws Exception {
        startCloudAndCamera();
        try (DatagramChannel stranger = DatagramChannel.open()) {
            stranger.bind(ANY_LOOPBACK);
            byte[] attack = HostileHello.connectRequest(
                    identity.id(),
                    identity.publicKey(),
                    HostileHello.invalidUtf8Password(),
                    (InetSocketAddress) stranger.getLocalAddress(),
                    Instant.now(),
                    secure);
            stranger.send(ByteBuffer.wrap(attack), cloud.udpAddress());
            awaitCameraEvent(CameraEvent.HandshakeFailed.class);
        }
        assertThat(camera.terminated()).isNotDone();
        BlockingQueue<ViewerEvent> events = startViewer("pw");
        await(events, ViewerEvent.Live.class);
    }

    @Test
    void aWrongPasswordIsReportedAsAuthFailed() throws Exception {
        startCloudAndCamera();
        BlockingQueue<ViewerEvent> events = startViewer("wrong");
        assertThat(await(events, ViewerEvent.Failed.class).failure()).isEqualTo(ViewerFailure.AUTH_FAILED);
    }
}
