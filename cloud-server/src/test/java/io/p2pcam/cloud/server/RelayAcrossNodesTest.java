package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudEvents.ClusterOutcome;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionEvent.PathKind;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A relayed session whose sides reached different nodes (issue 14, decision 0019): the camera on
 * node A, the viewer asking node C, on real loopback sockets and three real nodes sharing a real
 * {@code redis-server}, each peer behind a firewall that lets only the nodes through. The holding
 * node A gives the grant, the CONNECT_RESULT names A's relay, and the stream flows through A.
 */
@Tag("realtime")
class RelayAcrossNodesTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final SecureRandom secure = new SecureRandom();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    private final List<CloudServer> nodes = new ArrayList<>();
    private final Set<InetSocketAddress> nodeAddresses = new HashSet<>();
    private final BlockingQueue<CameraEvent> cameraEvents = new LinkedBlockingQueue<>();
    private final BlockingQueue<ViewerEvent> viewerEvents = new LinkedBlockingQueue<>();
    private RedisServerProcess redis;
    private UdpEndpointRunner<OnlyTheCloud<CameraEndpoint>> camera;
    private UdpEndpointRunner<OnlyTheCloud<ViewerEndpoint>> viewer;
    private OnlyTheCloud<CameraEndpoint> cameraFirewall;
    private OnlyTheCloud<ViewerEndpoint> viewerFirewall;

    @AfterEach
    void stopEverything() {
        if (viewer != null) {
            viewer.close(v -> v.endpoint.close(UdpEndpointRunner.now()));
        }
        if (camera != null) {
            camera.close(c -> c.endpoint.close(UdpEndpointRunner.now()));
        }
        nodes.forEach(CloudServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void peersThatOnlyReachTheCloudGoLiveThroughTheRelayOfTheCamerasNodeWhenTheViewerAskedAnother() throws Exception {
        startRedisAndThreeRelayingNodes(1);
        CloudServer a = nodes.get(0);
        CloudServer c = nodes.get(2);
        startCamera(a);
        startViewer(c);

        ViewerEvent.Live live = awaitViewer(ViewerEvent.Live.class);
        assertThat(live.path()).isEqualTo(PathKind.RELAY);
        Eventually.next(WAIT, cameraEvents, CameraEvent.ViewerLive.class); // the camera sends only once live too
        // The receiver passes media on from a keyframe: payload 7 is an H.264 SPS, which starts one.
        byte[] rtp = RtpCodec.encode(new RtpPacket(96, true, 1, 0, 1, new byte[] {7, 7, 7}));
        long relayedBefore = a.metrics().relayedBytes();
        for (int i = 0; i < 20; i++) {
            camera.execute(cam -> cam.endpoint.sendMedia(rtp, UdpEndpointRunner.now()));
        }
        assertThat(((DepacketizerEvent.AccessUnit)
                                awaitViewer(ViewerEvent.Video.class).event())
                        .annexB())
                .containsExactly(0, 0, 0, 1, 7, 7, 7); // the SPS-only access unit sent

        // C handed the request to A; A relayed; nothing went directly between the peers.
        assertThat(c.metrics().clusterEvents(ClusterOutcome.CONNECT_SENT_TO_NODE))
                .isGreaterThanOrEqualTo(1);
        assertThat(a.metrics().relayedBytes()).isGreaterThan(relayedBefore);
        assertThat(c.metrics().relayedBytes()).isZero();
        assertThat(viewerFirewall.stopped.get() + cameraFirewall.stopped.get())
                .as("datagrams the firewalls stopped (the peers did try each other directly)")
                .isPositive();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void withTwoEventLoopsPerNodeTheRelayedSessionAcrossNodesFindsTheLoopThatHoldsIt() throws Exception {
        startRedisAndThreeRelayingNodes(2);
        CloudServer a = nodes.get(0);
        assertThat(a.eventLoops()).isEqualTo(2);
        startCamera(a);
        startViewer(nodes.get(2));

        assertThat(awaitViewer(ViewerEvent.Live.class).path()).isEqualTo(PathKind.RELAY);
        Eventually.next(WAIT, cameraEvents, CameraEvent.ViewerLive.class);
        // The receiver passes media on from a keyframe: payload 7 is an H.264 SPS, which starts one.
        byte[] rtp = RtpCodec.encode(new RtpPacket(96, true, 1, 0, 1, new byte[] {7, 7, 7}));
        long relayedBefore = a.metrics().relayedBytes();
        for (int i = 0; i < 20; i++) {
            camera.execute(cam -> cam.endpoint.sendMedia(rtp, UdpEndpointRunner.now()));
        }
        assertThat(((DepacketizerEvent.AccessUnit)
                                awaitViewer(ViewerEvent.Video.class).event())
                        .annexB())
                .containsExactly(0, 0, 0, 1, 7, 7, 7); // the SPS-only access unit sent
        assertThat(a.metrics().relayedBytes()).isGreaterThan(relayedBefore);
        assertThat(nodes.get(2).metrics().relayedBytes()).isZero();
    }

    private void startRedisAndThreeRelayingNodes(int eventLoops) throws IOException {
        redis = RedisServerProcess.startOrSkip();
        CloudConfig relaying = CloudConfig.defaults().withRelay(RelayLimits.on());
        for (int i = 0; i < 3; i++) {
            CloudServer node = ClusterNodes.start(
                    redis.uri(),
                    port -> CloudServerSettings.loopbackEphemeral()
                            .withUdpPort(port)
                            .withEventLoops(eventLoops)
                            .withCloud(relaying));
            nodes.add(node);
            nodeAddresses.add(node.udpAddress());
        }
        Eventually.await(
                "every node sees the three",
                WAIT,
                () -> nodes.stream().allMatch(n -> n.clusterNodes().size() == 3));
    }

    private void startCamera(CloudServer node) throws Exception {
        DatagramChannel channel = UdpEndpointRunner.open(ANY_LOOPBACK);
        CameraHandshake.Access access = new CameraHandshake.Access(
                Password.of("pw"),
                new PairingStore(identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE),
                UnpairedBudget.Limits.DEFAULTS,
                InstantSource.system());
        CameraEndpoint endpoint = new CameraEndpoint(
                identity,
                node.udpAddress(),
                access,
                LocalCandidates.of((InetSocketAddress) channel.getLocalAddress()),
                new CameraStream(640, 360, 30),
                4,
                secure,
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
        cameraFirewall = new OnlyTheCloud<>(endpoint, nodeAddresses);
        camera = UdpEndpointRunner.start(cameraFirewall, channel, "camera", c -> {
            CameraEvent event;
            while ((event = c.endpoint.pollEvent()) != null) {
                cameraEvents.add(event);
            }
        });
        Eventually.next(WAIT, cameraEvents, CameraEvent.Registered.class);
        // Through C, the camera is known once A has published it to the registry.
        try (RedisRegistry observer =
                new RedisRegistry(new ClusterSettings(redis.uri(), "observer"), System::currentTimeMillis, m -> {})) {
            Eventually.await("node A published the camera", WAIT, () -> {
                try {
                    return observer.resolve(identity.id()).toCompletableFuture().get() != null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (ExecutionException e) {
                    return false;
                }
            });
        }
    }

    private void startViewer(CloudServer node) throws Exception {
        DatagramChannel channel = UdpEndpointRunner.open(ANY_LOOPBACK);
        long now = UdpEndpointRunner.now();
        ViewerEndpoint endpoint = new ViewerEndpoint(
                identity.id(),
                node.udpAddress(),
                Password.of("pw"),
                "test",
                KeyPair.generate(secure),
                true,
                LocalCandidates.of((InetSocketAddress) channel.getLocalAddress()),
                secure,
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                InstantSource.system(),
                now,
                now + 10_000);
        viewerFirewall = new OnlyTheCloud<>(endpoint, nodeAddresses);
        viewer = UdpEndpointRunner.start(viewerFirewall, channel, "viewer", v -> {
            ViewerEvent event;
            while ((event = v.endpoint.pollEvent()) != null) {
                viewerEvents.add(event);
            }
        });
    }

    private <T extends ViewerEvent> T awaitViewer(Class<T> type) throws InterruptedException {
        ViewerEvent event = Eventually.next("a " + type.getSimpleName(), WAIT, viewerEvents, e -> {
            if (e instanceof ViewerEvent.Failed failed) {
                throw new AssertionError("viewer failed: " + failed);
            }
            return type.isInstance(e);
        });
        return type.cast(event);
    }
}
