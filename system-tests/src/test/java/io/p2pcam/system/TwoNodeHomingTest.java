package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pcam.camera.live.LiveCamera;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SyntheticSource;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.viewer.engine.connection.CameraConnection;
import io.p2pcam.viewer.engine.connection.ConnectionListener;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, endpoint side, with real sockets on loopback: two independent cloud nodes (no shared
 * registry: a camera registered with both is known to both), a camera homed on both, node A
 * stopped mid-stream. The live stream goes on (invariant 5), the camera stays registered with B,
 * and viewers given {@code --cloud A,B} still connect: no failed lookup.
 */
@Tag("realtime")
class TwoNodeHomingTest {
    private static final UnpairedBudget.Limits TEST_VIEWERS =
            new UnpairedBudget.Limits(1_000, 1, 1_000, 1, 1_000, 1, 4096);
    private static final CameraIdentity IDENTITY = CameraIdentity.generate(new SecureRandom());

    private final BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
    private CloudServer nodeA;
    private CloudServer nodeB;
    private LiveCamera camera;
    private CameraConnection stream;

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        if (camera != null) {
            camera.close();
        }
        for (CloudServer node : new CloudServer[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static String address(CloudServer node) {
        return "127.0.0.1:" + node.udpAddress().getPort();
    }

    @Test
    void stoppingOneNodeLeavesTheStreamAndEveryLookupWorkingThroughTheOther() throws Exception {
        nodeA = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        nodeB = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        List<InetSocketAddress> nodes = List.of(nodeA.udpAddress(), nodeB.udpAddress());
        VideoFormat format = new VideoFormat(320, 180, 30);
        EncoderLoop encoder = new EncoderLoop(
                new SyntheticSource(320, 180, 30, Clock.systemUTC()),
                new H264Encoder(EncoderSettings.of(format, EncoderSettings.defaultBitrate(format))));
        camera = LiveCamera.start(
                new LiveCamera.Settings(
                        IDENTITY,
                        nodes,
                        Password.of("pw"),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        4,
                        null,
                        TEST_VIEWERS),
                format,
                encoder,
                cameraEvents::add);
        Eventually.await(
                "the camera registered with both nodes",
                Duration.ofSeconds(10),
                () -> camera.registeredNodes().size() == 2);
        assertThat(nodeA.metrics().camerasOnline()).isEqualTo(1);
        assertThat(nodeB.metrics().camerasOnline()).isEqualTo(1);

        // A live stream, brokered by node A (first in the list).
        AtomicLong pictures = new AtomicLong();
        AtomicLong lastPictureNanos = new AtomicLong();
        AtomicLong longestGapNanos = new AtomicLong();
        BlockingQueue<ViewerEvent> viewerEvents = new LinkedBlockingQueue<>();
        stream = CameraConnection.open(
                new ConnectionSettings(
                        nodeA.udpAddress(),
                        IDENTITY.id(),
                        Password.of("pw"),
                        "test",
                        Duration.ofSeconds(10),
                        null,
                        nodes),
                new ConnectionListener() {
                    @Override
                    public void event(ViewerEvent event) {
                        viewerEvents.add(event);
                    }

                    @Override
                    public void pictureDecoded(VideoFrame frame) {
                        long now = System.nanoTime();
                        long last = lastPictureNanos.getAndSet(now);
                        if (last != 0) {
                            longestGapNanos.accumulateAndGet(now - last, Math::max);
                        }
                        pictures.incrementAndGet();
                    }
                });
        Eventually.next(Duration.ofSeconds(10), viewerEvents, ViewerEvent.Live.class);
        Eventually.await("pictures before the kill", Duration.ofSeconds(10), () -> pictures.get() >= 30);
        assertThat(stream.cloudNode()).isEqualTo(nodeA.udpAddress());

        nodeA.close();
        long picturesAtKill = pictures.get();
        longestGapNanos.set(0);

        // The camera notices within one keepalive and its retries (8 s + 5.5 s), and keeps B.
        Eventually.next(
                "registration with A lost",
                Duration.ofSeconds(20),
                cameraEvents,
                event -> event instanceof CameraEvent.RegistrationLost lost
                        && lost.cloud().equals(nodes.getFirst()));
        assertThat(camera.registeredNodes()).containsExactly(nodeB.udpAddress());
        Eventually.await(
                "5 s more of pictures after the kill",
                Duration.ofSeconds(10),
                () -> pictures.get() - picturesAtKill >= 150);
        assertThat(Duration.ofNanos(longestGapNanos.get())).isLessThan(Duration.ofSeconds(1));
        assertThat(viewerEvents).noneMatch(ViewerEvent.Failed.class::isInstance);

        // New viewers given A,B: A is silent, B answers. No lookup fails.
        for (int i = 0; i < 3; i++) {
            CameraToProbeTest.Probe probe = CameraToProbeTest.probe(
                    "--cloud",
                    address(nodeA) + "," + address(nodeB),
                    "--camera",
                    IDENTITY.id().toString(),
                    "--password",
                    "pw",
                    "--frames",
                    "10",
                    "--timeout",
                    "15");
            JsonNode line = probe.line();
            assertThat(probe.exit()).as(line.toString()).isZero();
            assertThat(line.get("cloudNode").asText()).isEqualTo(address(nodeB));
            // The first node had its 1.6 s, then B answered at once.
            assertThat(line.get("lookupMs").asLong()).isBetween(1_500L, 5_000L);
        }
    }
}
