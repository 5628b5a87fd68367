package io.p2pcam.cloud.endtoend;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.Outgoing;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An attacker who recorded a viewer's CONNECT_REQUEST (an on-path observer, or the cloud itself)
 * replays it later from its own address, through the real cloud core, to a camera in memory.
 */
class HandshakeReplayTest {
    private static final InetSocketAddress CLOUD = address("203.0.113.1", 32100);
    private static final InetSocketAddress CAMERA = address("203.0.113.50", 40000);
    private static final InetSocketAddress VIEWER = address("198.51.100.7", 41000);
    private static final InetSocketAddress ATTACKER = address("192.0.2.66", 6666);
    private final SecureRandom secure = new SecureRandom();
    private final EndpointNetwork network = new EndpointNetwork();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    private final List<byte[]> recorded = new ArrayList<>();
    /** The camera's state directory: what survives a restart. */
    private final AtomicReference<PairingStore.Snapshot> stateDir =
            new AtomicReference<>(PairingStore.Snapshot.empty());

    private CameraEndpoint camera;

    private void startCamera() {
        camera = new CameraEndpoint(
                identity,
                CLOUD,
                EndpointNetwork.access(
                        identity, "correct horse battery staple", stateDir::set, stateDir.get(), network.wall),
                List.of(Candidate.local(CAMERA)),
                new CameraStream(1280, 720, 30),
                4,
                secure,
                new SplittableRandom(1),
                SessionTimers.DEFAULT,
                network.now);
        network.attach(CAMERA, camera);
    }

    private void recordAViewersConnect() {
        network.attach(CLOUD, new EndpointNetwork.Cloud(CloudConfig.defaults(), network.now));
        startCamera();
        network.tap = (from, to, data) -> {
            if (from.equals(VIEWER) && to.equals(CLOUD) && data[3] == MessageType.CONNECT_REQUEST.code()) {
                recorded.add(data.clone());
            }
        };
        ViewerEndpoint viewer = new NetworkViewer(network, identity.id(), CLOUD, secure)
                .password("correct horse battery staple")
                .named("kitchen laptop")
                .attachAt(VIEWER);
        network.advance(300);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        viewer.close(network.now);
        network.detach(VIEWER);
        network.advance(6_000);
        assertThat(recorded).isNotEmpty();
        assertThat(camera.viewers()).isZero();
    }

    /** Sends the recorded request from the attacker's address and returns the cloud's CONNECT_RESULT. */
    private CloudMessage.ConnectResult replay() {
        EndpointNetwork.RawHost attacker = new EndpointNetwork.RawHost();
        attacker.toSend.add(new Outgoing(CLOUD, recorded.get(0)));
        network.attach(ATTACKER, attacker);
        network.advance(6_000);
        for (byte[] datagram : attacker.received) {
            try {
                if (CloudCodec.decode(datagram, 0, datagram.length) instanceof CloudMessage.ConnectResult result) {
                    return result;
                }
            } catch (CloudDecodeException e) {
                // not a cloud message
            }
        }
        throw new AssertionError("the cloud never answered the replay");
    }

    @Test
    void aRecordedConnectReplayedAfterTheCameraRestartsIsRefusedAndRevealsNoAddress() {
        recordAViewersConnect();
        network.detach(CAMERA);
        startCamera(); // the same identity and state directory, a new process
        network.advance(2_000);

        CloudMessage.ConnectResult result = replay();

        assertThat(result.status()).isNotEqualTo(CloudMessage.ConnectStatus.ACCEPTED);
        assertThat(result.candidates()).isEmpty();
        assertThat(camera.viewers()).isZero();
    }

    @Test
    void aRecordedConnectReplayedAfterManyNewerConnectsIsRefused() {
        recordAViewersConnect();
        for (int n = 0; n < 4100; n++) { // more first messages than the camera once remembered
            InetSocketAddress from = address("10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255), 5000);
            new NetworkViewer(network, identity.id(), CLOUD, secure) // a stranger guessing
                    .password("guess " + n)
                    .named("stranger")
                    .candidates()
                    .seed(n)
                    .attachAt(from);
            network.advance(10);
            network.detach(from);
        }

        CloudMessage.ConnectResult result = replay();

        assertThat(result.status()).isNotEqualTo(CloudMessage.ConnectStatus.ACCEPTED);
        assertThat(result.candidates()).isEmpty();
        assertThat(camera.viewers()).isZero();
    }
}
