package io.p2pcam.cloud.endtoend;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The camera admits a viewer but its ACCEPTED answer never reaches the viewer (a lossy link), and
 * the viewer's request then reaches the camera again as a new forward: sent on a new path (its move
 * to TCP, docs/PROTOCOL.md §3.1) or retransmitted after the cloud forgot the result (§5.3). The
 * camera rightly refuses that copy as a replay (§10.1 step 2 or 3, STALE); the viewer must take it
 * for what it is and connect with a fresh handshake, not give up blaming its clock. Real cloud
 * core, camera and viewer endpoints, in memory.
 */
class LostAcceptedAnswerTest {
    private static final InetSocketAddress CLOUD = address("203.0.113.1", 32100);
    private static final InetSocketAddress CAMERA = address("203.0.113.50", 40000);
    private static final InetSocketAddress VIEWER = address("198.51.100.7", 41000);
    /** The viewer's TCP connection to the cloud, as the cloud sees it: another source. */
    private static final InetSocketAddress VIEWER_OVER_TCP = address("198.51.100.7", 52000);

    private final SecureRandom secure = new SecureRandom();
    private final EndpointNetwork network = new EndpointNetwork();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    private CameraEndpoint camera;

    private void startCloudAndCamera(int maxViewers) {
        network.attach(CLOUD, new EndpointNetwork.Cloud(CloudConfig.defaults(), network.now));
        camera = new CameraEndpoint(
                identity,
                CLOUD,
                EndpointNetwork.access(identity, "pw", network.wall),
                List.of(Candidate.local(CAMERA)),
                new CameraStream(1280, 720, 30),
                maxViewers,
                secure,
                new SplittableRandom(1),
                SessionTimers.DEFAULT,
                network.now);
        network.attach(CAMERA, camera);
        network.advance(100);
    }

    /** Every ACCEPTED result the cloud sends to {@code address} is lost. */
    private void loseAcceptedResultsTo(InetSocketAddress address) {
        network.loss = (from, to, data) -> to.equals(address) && isAccepted(data);
    }

    private static boolean isAccepted(byte[] data) {
        CloudMessage.ConnectResult result = connectResult(data);
        return result != null && result.status() == CloudMessage.ConnectStatus.ACCEPTED;
    }

    private static boolean isConnectResult(byte[] data) {
        return connectResult(data) != null;
    }

    /** {@code data} as a CONNECT_RESULT, or null for any other datagram. */
    private static CloudMessage.ConnectResult connectResult(byte[] data) {
        try {
            return CloudCodec.decode(data, 0, data.length) instanceof CloudMessage.ConnectResult result ? result : null;
        } catch (CloudDecodeException e) {
            return null;
        }
    }

    private ViewerEndpoint startViewer(boolean pair) {
        return startViewer(pair, network.wall);
    }

    private ViewerEndpoint startViewer(boolean pair, InstantSource wallClock) {
        return new NetworkViewer(network, identity.id(), CLOUD, secure)
                .named("lossy laptop")
                .pairing(pair)
                .wall(wallClock)
                .attachAt(VIEWER);
    }

    /** The move to TCP (§3.1): the same viewer, its cloud traffic now from the connection's address. */
    private void moveToTcp(ViewerEndpoint viewer) {
        network.detach(VIEWER);
        network.attach(VIEWER_OVER_TCP, viewer);
        viewer.cloudPathChanged(CLOUD, CloudPathMove.REFUSED_OVER_UDP, network.now);
        network.advance(3_000);
    }

    /** What the viewer reported, its failure first if it failed (for the assertion's message). */
    private static String failureOf(ViewerEndpoint viewer) {
        return EndpointNetwork.viewerEvents(viewer).stream()
                .filter(ViewerEvent.Failed.class::isInstance)
                .map(Object::toString)
                .findFirst()
                .orElse("no failure");
    }

    @ParameterizedTest(name = "pair = {0}")
    @ValueSource(booleans = {false, true})
    void aViewerWhoseAcceptedAnswerWasLostGoesLiveAfterItsRequestMovedToTcp(boolean pair) {
        startCloudAndCamera(4);
        loseAcceptedResultsTo(VIEWER);
        ViewerEndpoint viewer = startViewer(pair);
        network.advance(1_900); // two retransmissions over UDP, their ACCEPTED lost as well
        assertThat(camera.viewers()).as("the camera admitted the first copy").isEqualTo(1);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.CONNECTING);

        moveToTcp(viewer);

        assertThat(viewer.phase()).as(failureOf(viewer)).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(camera.viewers()).as("the orphaned first admission is gone").isEqualTo(1);
    }

    @ParameterizedTest(name = "pair = {0}")
    @ValueSource(booleans = {false, true})
    void aViewerWhoseAcceptedAnswersWereLostUntilTheCloudForgotThemGoesLive(boolean pair) {
        startCloudAndCamera(4);
        loseAcceptedResultsTo(VIEWER);
        ViewerEndpoint viewer = startViewer(pair);
        network.advance(5_200); // past the cloud's 5 s memory of the result: the next copy is a new forward
        network.loss = (from, to, data) -> false;
        network.advance(4_000);

        assertThat(viewer.phase()).as(failureOf(viewer)).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(camera.viewers()).as("the orphaned first admission is gone").isEqualTo(1);
    }

    @ParameterizedTest(name = "pair = {0}")
    @ValueSource(booleans = {false, true})
    void aCameraServingItsLastSlotToTheOrphanedAdmissionGivesItToTheViewersFreshHandshake(boolean pair) {
        startCloudAndCamera(1);
        loseAcceptedResultsTo(VIEWER);
        ViewerEndpoint viewer = startViewer(pair);
        network.advance(1_900);
        assertThat(camera.viewers()).isEqualTo(1);

        moveToTcp(viewer);

        assertThat(viewer.phase()).as(failureOf(viewer)).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(camera.viewers()).isEqualTo(1);
    }

    /** The camera's clock, ten minutes ahead of the viewer's: outside the ±120 s of §10.1 step 3. */
    private InstantSource tenMinutesBehind() {
        return () -> network.wall.instant().minusSeconds(600);
    }

    /** The handshakes (their Noise ephemeral keys, §10.1) in the viewer's CONNECT_REQUESTs. */
    private List<String> recordHandshakesSent() {
        List<String> ephemerals = new ArrayList<>();
        network.tap = (from, to, data) -> {
            try {
                if (to.equals(CLOUD)
                        && CloudCodec.decode(data, 0, data.length) instanceof CloudMessage.ConnectRequest request) {
                    String ephemeral =
                            HexFormat.of().formatHex(request.handshake().toArray(), 28, 28 + 32);
                    if (!ephemerals.contains(ephemeral)) {
                        ephemerals.add(ephemeral);
                    }
                }
            } catch (CloudDecodeException e) {
                // not a cloud message
            }
        };
        return ephemerals;
    }

    @Test
    void aHandshakeRefusedAsStaleTheFirstTimeItWentOutBlamesTheClockAndIsNotRetried() {
        startCloudAndCamera(4);
        List<String> handshakes = recordHandshakesSent();
        ViewerEndpoint viewer = startViewer(false, tenMinutesBehind());
        network.advance(3_000);

        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.ENDED);
        assertThat(failureOf(viewer)).contains("HANDSHAKE_FAILED").contains("clock");
        assertThat(handshakes).hasSize(1);
    }

    @Test
    void aStaleRefusalOfARepeatedHandshakeIsRetriedFreshAndBlamesTheClockOnceTheFreshOneIsRefusedToo() {
        startCloudAndCamera(4);
        List<String> handshakes = recordHandshakesSent();
        // The first results lost: by the time one arrives, the handshake has gone out three times.
        network.loss = (from, to, data) -> to.equals(VIEWER) && isConnectResult(data) && network.now < 2_900;
        ViewerEndpoint viewer = startViewer(false, tenMinutesBehind());
        network.advance(6_000);

        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.ENDED);
        assertThat(failureOf(viewer)).contains("HANDSHAKE_FAILED").contains("clock");
        assertThat(handshakes)
                .as("the repeated one, then one fresh handshake sent once")
                .hasSize(2);
        assertThat(camera.viewers()).isZero();
    }
}
