package io.p2pcam.cloud.endtoend;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An off-path spoofer who knows a camera's public address and its cloud node's sends the camera a
 * CONNECT_FORWARD from the node's address (docs/PROTOCOL.md §4.7, §3.10.10), through the real cloud
 * core and the real camera endpoint in memory. The forward carries a viewer's first message the
 * spoofer got hold of, or one of its own, and names a victim's address as the viewer's. A forward
 * is authenticated by the registration the camera made with that node (decision 0074): the camera
 * drops the forgery before any handshake work, counts it, and sends nobody anything for it.
 */
class SpoofedForwardTest {
    private static final InetSocketAddress CLOUD = address("203.0.113.1", 32100);
    private static final InetSocketAddress CAMERA = address("203.0.113.50", 40000);
    private static final InetSocketAddress VIEWER = address("198.51.100.7", 41000);
    private static final InetSocketAddress VICTIM = address("192.0.2.99", 9);
    private static final String PASSWORD = "correct horse battery staple";
    private final SecureRandom secure = new SecureRandom();
    private final EndpointNetwork network = new EndpointNetwork();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    /** Every datagram the camera sent, with where it went. */
    private final List<InetSocketAddress> sentByTheCameraTo = new ArrayList<>();

    private final List<byte[]> sentByTheCamera = new ArrayList<>();
    private CameraEndpoint camera;

    @BeforeEach
    void registerTheCamera() {
        network.attach(CLOUD, new EndpointNetwork.Cloud(CloudConfig.defaults(), network.now));
        camera = new CameraEndpoint(
                identity,
                CLOUD,
                EndpointNetwork.access(identity, PASSWORD, network.wall),
                List.of(Candidate.local(CAMERA)),
                new CameraStream(1280, 720, 30),
                4,
                secure,
                new SplittableRandom(1),
                SessionTimers.DEFAULT,
                network.now);
        network.attach(CAMERA, camera);
        network.advance(200);
        assertThat(drainCameraEvents()).anyMatch(CameraEvent.Registered.class::isInstance);
        network.tap = (from, to, data) -> {
            if (from.equals(CAMERA)) {
                sentByTheCameraTo.add(to);
                sentByTheCamera.add(data.clone());
            }
        };
    }

    private List<CameraEvent> drainCameraEvents() {
        List<CameraEvent> events = new ArrayList<>();
        for (CameraEvent event = camera.pollEvent(); event != null; event = camera.pollEvent()) {
            events.add(event);
        }
        return events;
    }

    /**
     * The first message of a viewer who knows the password, as its CONNECT_REQUEST carried it: the
     * request itself never reaches the cloud (the spoofer saw it on its way, or is that viewer).
     */
    private Bytes aViewersFirstMessage(String password) {
        List<byte[]> requests = new ArrayList<>();
        network.loss = (from, to, data) -> {
            boolean request = from.equals(VIEWER) && data[3] == MessageType.CONNECT_REQUEST.code();
            if (request) {
                requests.add(data.clone());
            }
            return request;
        };
        viewer(password);
        network.advance(100);
        network.detach(VIEWER);
        network.loss = (from, to, data) -> false;
        assertThat(requests).isNotEmpty();
        try {
            return ((ConnectRequest) CloudCodec.decode(requests.getFirst())).handshake();
        } catch (CloudDecodeException e) {
            throw new AssertionError(e);
        }
    }

    /** A viewer at {@link #VIEWER} that connects to the camera with {@code password}, on the network. */
    private ViewerEndpoint viewer(String password) {
        return new NetworkViewer(network, identity.id(), CLOUD, secure)
                .password(password)
                .named("kitchen laptop")
                .attachAt(VIEWER);
    }

    /** A forward the spoofer makes, sent to the camera from the cloud node's address. */
    private void spoofForward(Bytes handshake) {
        byte[] forged = CloudCodec.encode(
                new ConnectForward(0x5eed_f00dL, List.of(Candidate.reflexive(VICTIM)), handshake, RelayGrant.NONE));
        camera.handleDatagram(forged, 0, forged.length, CLOUD, network.now);
        network.flush();
    }

    private List<byte[]> besidesKeepalives() {
        return sentByTheCamera.stream()
                .filter(data -> data[3] != MessageType.KEEPALIVE.code())
                .toList();
    }

    @Test
    void aSpoofedForwardWithAnAdmissibleFirstMessageMakesTheCameraPunchNowhere() {
        Bytes firstMessage = aViewersFirstMessage(PASSWORD);
        sentByTheCameraTo.clear();
        sentByTheCamera.clear();

        spoofForward(firstMessage);
        network.advance(3_000);

        assertThat(sentByTheCameraTo)
                .as("no punch to the address the forger named")
                .doesNotContain(VICTIM);
        assertThat(besidesKeepalives()).as("no answer to the node either").isEmpty();
        assertThat(camera.viewers()).isZero();
        assertThat(camera.unauthenticatedForwards()).isEqualTo(1);
    }

    @Test
    void aSpoofedForwardCostsTheCameraNoHandshakeWork() {
        Bytes strangersFirstMessage = aViewersFirstMessage("a guess");
        drainCameraEvents();
        sentByTheCamera.clear();

        spoofForward(strangersFirstMessage);
        network.advance(3_000);

        assertThat(drainCameraEvents())
                .as("the handshake inside was never looked at")
                .noneMatch(event -> event instanceof CameraEvent.HandshakeFailed
                        || event instanceof CameraEvent.HandshakeRefused
                        || event instanceof CameraEvent.ViewerRefused);
        assertThat(besidesKeepalives()).as("no refusal sent to the node").isEmpty();
        assertThat(camera.unauthenticatedForwards()).isEqualTo(1);
    }

    @Test
    void aViewerConnectingThroughTheCloudStillGoesLive() {
        ViewerEndpoint viewer = viewer(PASSWORD);
        network.advance(300);

        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(camera.unauthenticatedForwards()).isZero();
    }
}
