package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.ClusterOutcome;
import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three cloud nodes in this process sharing a real {@code redis-server} (docs/ADMIN.md, "Running a
 * cluster"), with cameras and viewers on real UDP: a camera registered through node A is looked up
 * and connected through node C; a node cut off from Redis keeps serving its own cameras and says
 * it is degraded; a Redis that restarts empty gets every camera back without the cameras doing
 * anything.
 */
@Tag("realtime")
class ClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private RedisServerProcess redis;
    private final List<CloudServer> nodes = new ArrayList<>();
    private final List<AutoCloseable> peers = new ArrayList<>();

    @BeforeEach
    void startRedisAndThreeNodes() throws IOException {
        redis = RedisServerProcess.startOrSkip();
        for (int i = 0; i < 3; i++) {
            nodes.add(ClusterNodes.start(
                    redis.uri(),
                    port -> CloudServerSettings.loopbackEphemeral()
                            .withUdpPort(port)
                            .withEventLoops(1)));
        }
        awaitEveryNodeSeesAll();
    }

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
    void aCameraRegisteredThroughNodeAIsFoundAndConnectedThroughNodeC() {
        CloudServer a = nodes.get(0);
        CloudServer c = nodes.get(2);
        UdpCamera camera = camera(a);
        UdpViewer viewer = viewer(c);

        LookupResult found = viewer.lookup(camera.id());
        assertThat(found.found()).isTrue();
        assertThat(found.key()).isEqualTo(camera.camera.publicKey());

        viewer.requestConnect(camera.id(), Bytes.of(new byte[] {1, 2, 3}));
        ConnectForward forward = camera.awaitForward();
        camera.answer(forward, true, Bytes.of(new byte[] {4, 5}));
        ConnectResult result = viewer.awaitResult();
        assertThat(result.status()).isEqualTo(ConnectStatus.ACCEPTED);
        assertThat(result.candidates().getFirst().address()).isEqualTo(camera.peer.address());
        assertThat(result.handshake()).isEqualTo(Bytes.of(new byte[] {4, 5}));

        // The holding node brokered it (its per-camera cap applies); C only handed it over.
        assertThat(a.metrics().connects(ConnectOutcome.FORWARDED)).isEqualTo(1);
        assertThat(a.metrics().connects(ConnectOutcome.ACCEPTED)).isEqualTo(1);
        assertThat(c.metrics().connects(ConnectOutcome.FORWARDED)).isZero();
        assertThat(c.metrics().clusterEvents(ClusterOutcome.CONNECT_SENT_TO_NODE))
                .isEqualTo(1);
        assertThat(c.metrics().clusterEvents(ClusterOutcome.RESULT_FROM_NODE)).isEqualTo(1);
    }

    @Test
    void aCameraNobodyHoldsIsUnavailableThroughEveryNode() {
        UdpViewer viewer = viewer(nodes.get(1));
        assertThat(viewer.lookup(new TestCamera().id()).found()).isFalse();
        viewer.requestConnect(new TestCamera().id(), Bytes.of(new byte[] {1}));
        assertThat(viewer.awaitResult().status()).isEqualTo(ConnectStatus.UNAVAILABLE);
    }

    @Test
    void aNodeCutOffFromRedisKeepsServingItsOwnCamerasAndSaysItIsDegraded() throws Exception {
        CloudServer a = nodes.get(0);
        UdpCamera camera = camera(a);
        redis.kill();
        Eventually.await("node A notices", WAIT, () -> !a.clusterRegistryUp());

        HttpResponse<String> health = get(a, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("degraded");
        assertThat(get(a, "/metrics").body()).contains("p2pcam_cluster_registry_up 0");

        camera.keepalive(); // acknowledged: still registered here
        UdpViewer viewer = viewer(a);
        assertThat(viewer.lookup(camera.id()).found()).isTrue();
        viewer.requestConnect(camera.id(), Bytes.of(new byte[] {7}));
        camera.answer(camera.awaitForward(), true, Bytes.of(new byte[] {8}));
        assertThat(viewer.awaitResult().status()).isEqualTo(ConnectStatus.ACCEPTED);
    }

    @Test
    void redisRestartedEmptyGetsEveryCameraBackWithoutTheCamerasRegisteringAgain() throws Exception {
        CloudServer a = nodes.get(0);
        UdpCamera camera = camera(a);
        redis.kill();
        Eventually.await("every node notices", WAIT, () -> nodes.stream().noneMatch(CloudServer::clusterRegistryUp));
        long before = a.clusterRegistryWrites(); // only completed writes count
        redis.start();
        awaitEveryNodeSeesAll();
        Eventually.await("node A publishes its camera again", WAIT, () -> a.clusterRegistryWrites() > before);

        assertThat(viewer(nodes.get(2)).lookup(camera.id()).found()).isTrue();
        assertThat(a.metrics().registrations(RegistrationOutcome.REGISTERED)).isEqualTo(1);
        assertThat(get(a, "/healthz").body()).isEqualTo("ok\n");
        assertThat(get(a, "/metrics").body()).contains("p2pcam_cluster_registry_up 1");
    }

    @Test
    void aNodeAloneCutOffFromRedisIsDegradedWhileTheOthersCarryOnAndItComesBackByItself() throws Exception {
        CuttableTcpProxy network = new CuttableTcpProxy(new InetSocketAddress("127.0.0.1", redis.port()));
        peers.add(network);
        CloudServer d = fourthNodeBehind(network);
        UdpCamera onD = camera(d);
        UdpCamera onB = camera(nodes.get(1));
        UdpViewer throughC = viewer(nodes.get(2));
        assertThat(throughC.lookup(onD.id()).found()).isTrue();

        network.cut();
        Eventually.await("node D notices", WAIT, () -> !d.clusterRegistryUp());
        assertThat(get(d, "/healthz").body()).startsWith("degraded");
        assertThat(nodes.subList(0, 3)).allMatch(CloudServer::clusterRegistryUp);
        onD.keepalive();
        UdpViewer throughD = viewer(d);
        assertThat(throughD.lookup(onD.id()).found())
                .as("D's own camera, through D")
                .isTrue();
        assertThat(throughD.lookup(onB.id()).found())
                .as("B's camera, through D cut off")
                .isFalse();
        Eventually.await(
                "the others drop D from the cluster",
                WAIT,
                () -> nodes.get(2).clusterNodes().size() == 3);

        network.restore();
        Eventually.await(
                "D rejoins",
                WAIT,
                () -> d.clusterRegistryUp() && nodes.get(2).clusterNodes().size() == 4);
        Eventually.await("D's camera is found through C again", WAIT, () -> lookupFinds(onD));
        assertThat(d.metrics().registrations(RegistrationOutcome.REGISTERED)).isEqualTo(1);
    }

    @Test
    void aCameraRegisteredDuringAShortRegistryOutageIsFoundThroughAnotherNodeSoonAfterTheRegistryReturns()
            throws Exception {
        CuttableTcpProxy network = new CuttableTcpProxy(new InetSocketAddress("127.0.0.1", redis.port()));
        peers.add(network);
        CloudServer d = fourthNodeBehind(network);

        network.cut();
        Eventually.await("node D notices", WAIT, () -> !d.clusterRegistryUp());
        UdpCamera onD = new UdpCamera(d.udpAddress());
        peers.add(onD);
        onD.register(); // D cannot write it to the registry now
        network.restore();
        Eventually.await("D reaches the registry again", WAIT, d::clusterRegistryUp);
        assertThat(nodes.get(2).clusterNodes())
                .as("D's membership did not lapse: the outage was shorter than it, nothing is republished")
                .hasSize(4);

        // Well inside the refresh period (5 min): the failed write is retried once Redis answers.
        Eventually.await("D's camera is found through C", Duration.ofSeconds(5), () -> lookupFinds(onD));
        assertThat(d.metrics().registrations(RegistrationOutcome.REGISTERED)).isEqualTo(1);
    }

    /** A fourth node, D, whose link to Redis goes through {@code network}; returns once every node sees four. */
    private CloudServer fourthNodeBehind(CuttableTcpProxy network) throws IOException {
        CloudServer d = ClusterNodes.start(
                URI.create("redis://127.0.0.1:" + network.port()),
                port -> CloudServerSettings.loopbackEphemeral()
                        .withUdpPort(port)
                        .withEventLoops(1));
        nodes.add(d);
        Eventually.await(
                "every node sees the four nodes",
                WAIT,
                () -> nodes.stream()
                        .allMatch(n -> n.clusterRegistryUp() && n.clusterNodes().size() == 4));
        return d;
    }

    /** One LOOKUP through node C (paced by the caller's wait: a few a second at most). */
    private boolean lookupFinds(UdpCamera camera) {
        UdpViewer viewer = viewer(nodes.get(2));
        boolean found = viewer.lookup(camera.id()).found();
        LockSupport.parkNanos(200_000_000L); // stays far below the request rate
        return found;
    }

    private UdpCamera camera(CloudServer node) {
        UdpCamera camera = new UdpCamera(node.udpAddress());
        peers.add(camera);
        long before = node.clusterRegistryWrites();
        camera.register();
        Eventually.await("the registration is in the registry", WAIT, () -> node.clusterRegistryWrites() > before);
        return camera;
    }

    private UdpViewer viewer(CloudServer node) {
        UdpViewer viewer = new UdpViewer(node.udpAddress());
        peers.add(viewer);
        return viewer;
    }

    private void awaitEveryNodeSeesAll() {
        Eventually.await(
                "every node sees the three nodes",
                WAIT,
                () -> nodes.stream()
                        .allMatch(n -> n.clusterRegistryUp() && n.clusterNodes().size() == 3));
    }

    private static HttpResponse<String> get(CloudServer node, String path) throws Exception {
        InetSocketAddress http = node.httpAddress().orElseThrow();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getPort() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
