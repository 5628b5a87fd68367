package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.H264Packetizer;
import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.PacketizerConfig;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import io.p2pcam.viewer.engine.decode.TestStreams;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The decode thread, like the network thread, may end by itself whatever ends it (invariant 4: a
 * loop that ends anyway is noticed and recovered): a camera's pictures too large for memory end it
 * with an {@link OutOfMemoryError}, which is no {@link RuntimeException}.
 */
@Tag("realtime")
class CameraConnectionDecodeDeathTest {
    private final BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
    private CloudServer cloud;
    private UdpEndpointRunner<CameraEndpoint> camera;

    @AfterEach
    void stop() {
        if (camera != null) {
            camera.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aDecodeThreadEndedByAnErrorIsReportedAsALostConnection() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        CameraIdentity identity = startCamera(cloud.udpAddress());
        ConnectionSettings settings = new ConnectionSettings(
                cloud.udpAddress(), identity.id(), Password.of("pw"), "test", Duration.ofSeconds(10));
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void event(ViewerEvent event) {
                events.add(event);
            }

            @Override
            public void pictureDecoded(VideoFrame frame) {
                throw new OutOfMemoryError("simulated: no memory left for the picture");
            }
        };
        try (CameraConnection _ = CameraConnection.open(settings, listener)) {
            Eventually.next("live", Duration.ofSeconds(10), events, ViewerEvent.Live.class::isInstance);
            sendPictures();

            ViewerEvent lost = Eventually.next(
                    "the connection reported lost",
                    Duration.ofSeconds(10),
                    events,
                    ViewerEvent.Failed.class::isInstance);

            assertThat(((ViewerEvent.Failed) lost).failure()).isEqualTo(ViewerFailure.CONNECTION_LOST);
            assertThat(((ViewerEvent.Failed) lost).message()).contains("decode");
        }
    }

    /** The test stream's first pictures, a keyframe first, to every viewer of the camera. */
    private void sendPictures() {
        H264Packetizer packetizer = new H264Packetizer(0x1234, 96, 1, PacketizerConfig.DEFAULTS);
        for (AccessUnit unit : TestStreams.small().subList(0, 10)) {
            for (RtpPacket packet : packetizer.packetize(AnnexB.split(unit.annexB()), unit.timestamp())) {
                OutgoingRtp rtp = OutgoingRtp.of(packet);
                camera.execute(c -> c.sendMedia(VideoStream.MAIN, rtp, UdpEndpointRunner.now()));
            }
        }
    }

    private CameraIdentity startCamera(InetSocketAddress cloudAddress) throws Exception {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        DatagramChannel channel = UdpEndpointRunner.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        CameraEndpoint endpoint = new CameraEndpoint(
                identity,
                cloudAddress,
                new CameraHandshake.Access(
                        Password.of("pw"),
                        new PairingStore(
                                identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE),
                        UnpairedBudget.Limits.DEFAULTS,
                        InstantSource.system()),
                LocalCandidates.of((InetSocketAddress) channel.getLocalAddress()),
                new CameraStream(TestStreams.WIDTH, TestStreams.HEIGHT, 30),
                4,
                new SecureRandom(),
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
        BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
        camera = UdpEndpointRunner.start(endpoint, channel, "camera", c -> {
            CameraEvent event;
            while ((event = c.pollEvent()) != null) {
                cameraEvents.add(event);
            }
        });
        Eventually.next(Duration.ofSeconds(10), cameraEvents, CameraEvent.Registered.class);
        return identity;
    }
}
