package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.ClusterOutcome;
import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Three cluster nodes each serving its port with two event loops (SO_REUSEPORT), on a real
 * {@code redis-server}: a viewer's request lands on whichever loop the kernel picks, the camera's
 * registration lives on the loop its ID hashes to, and the node messages arrive on Lettuce's
 * thread. Cameras registered with A are found and connected through C for every mix of those.
 */
@Tag("realtime")
@EnabledOnOs(OS.LINUX)
class ClusterMultiLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Enough that both of A's loops hold some (all on one: 2 in 65,536). */
    private static final int CAMERAS = 16;

    private RedisServerProcess redis;
    private final List<CloudServer> nodes = new ArrayList<>();
    private final List<AutoCloseable> peers = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable peer : peers) {
            peer.close();
        }
        nodes.forEach(CloudServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void camerasOnEitherLoopOfNodeAAreFoundAndConnectedThroughEitherLoopOfNodeC() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        for (int i = 0; i < 3; i++) {
            nodes.add(ClusterNodes.start(
                    redis.uri(),
                    port -> CloudServerSettings.loopbackEphemeral()
                            .withUdpPort(port)
                            .withEventLoops(2)));
        }
        Eventually.await(
                "every node sees the three",
                WAIT,
                () -> nodes.stream()
                        .allMatch(n -> n.clusterRegistryUp() && n.clusterNodes().size() == 3));
        CloudServer a = nodes.get(0);
        CloudServer c = nodes.get(2);
        assertThat(a.eventLoops()).isEqualTo(2);

        List<UdpCamera> cameras = new ArrayList<>();
        for (int i = 0; i < CAMERAS; i++) {
            UdpCamera camera = new UdpCamera(a.udpAddress());
            peers.add(camera);
            camera.register();
            cameras.add(camera);
        }
        Eventually.await("A published all its cameras", WAIT, () -> a.clusterRegistryWrites() >= CAMERAS);

        for (int i = 0; i < CAMERAS; i++) {
            UdpCamera camera = cameras.get(i);
            UdpViewer viewer = new UdpViewer(c.udpAddress()); // its own socket: its own loop at C
            peers.add(viewer);
            LookupResult found = viewer.lookup(camera.id());
            assertThat(found.found()).as("lookup through C of camera %d", i).isTrue();
            assertThat(found.key()).isEqualTo(camera.camera.publicKey());

            viewer.requestConnect(camera.id(), Bytes.of(new byte[] {(byte) i}));
            ConnectForward forward = camera.awaitForward();
            assertThat(forward.handshake()).isEqualTo(Bytes.of(new byte[] {(byte) i}));
            camera.answer(forward, true, Bytes.of(new byte[] {(byte) (100 + i)}));
            ConnectResult result = viewer.awaitResult();
            assertThat(result.status()).as("connect through C to camera %d", i).isEqualTo(ConnectStatus.ACCEPTED);
            assertThat(result.handshake()).isEqualTo(Bytes.of(new byte[] {(byte) (100 + i)}));
        }

        assertThat(a.metrics().connects(ConnectOutcome.ACCEPTED)).isEqualTo(CAMERAS);
        assertThat(c.metrics().clusterEvents(ClusterOutcome.RESULT_FROM_NODE)).isEqualTo(CAMERAS);
        for (CloudServer node : List.of(a, c)) {
            long[] perLoop = node.datagramsReadPerLoop();
            assertThat(Arrays.stream(perLoop).min().orElseThrow())
                    .as("both of a node's sockets received datagrams: %s", Arrays.toString(perLoop))
                    .isPositive();
        }
    }
}
