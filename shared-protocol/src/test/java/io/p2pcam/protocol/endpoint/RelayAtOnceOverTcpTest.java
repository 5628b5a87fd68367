package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.endpoint.EndpointWorld.CAMERA;
import static io.p2pcam.protocol.endpoint.EndpointWorld.CLOUD;
import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * A side that reaches the cloud over TCP (its UDP went unanswered, docs/PROTOCOL.md §3.1) probes the
 * relay as soon as its session starts, not after the usual second (§10.4): a direct UDP path is
 * then unlikely, and the relay is what it will use. A side on UDP waits the second, as before.
 */
class RelayAtOnceOverTcpTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private final EndpointWorld world = new EndpointWorld(4);

    RelayAtOnceOverTcpTest() {
        world.relayGrant = new RelayGrant(0x5EED_0001L, Bytes.of(new byte[RelayGrant.KEY_BYTES]));
    }

    /** Relay frames {@code from} sent to the cloud so far. */
    private long relayFrames(InetSocketAddress from) {
        return world.wire.stream()
                .filter(sent -> sent.from().equals(from) && sent.to().equals(CLOUD))
                .filter(sent -> RelayFrame.isFrame(sent.data(), 0, sent.data().length))
                .count();
    }

    /** A viewer whose only way out is the cloud (every direct datagram between it and the camera is lost). */
    private ViewerEndpoint viewerReachingOnlyTheCloud(boolean viewerOverTcp) {
        world.blocked = (from, to) -> from.equals(ALICE);
        ViewerEndpoint viewer = world.viewer(ALICE); // its first lookup is lost: the runtime moves it
        world.blocked =
                (from, to) -> from.equals(ALICE) && !to.equals(CLOUD) || to.equals(ALICE) && !from.equals(CLOUD);
        viewer.cloudPathChanged(
                CLOUD, viewerOverTcp ? CloudPathMove.UNANSWERED_OVER_UDP : CloudPathMove.TCP_FAILED, world.now);
        world.flush();
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Admitted.class)).hasSize(1);
        return viewer;
    }

    @Test
    void aViewerOnTcpProbesTheRelayAtOnce() {
        viewerReachingOnlyTheCloud(true);
        world.advance(SessionTimers.DEFAULT.probeIntervalMillis());

        assertThat(relayFrames(ALICE)).isPositive();
        assertThat(relayFrames(CAMERA)).as("the camera on UDP waits its second").isZero();
    }

    @Test
    void aViewerOnUdpProbesTheRelayOnlyAfterASecondWithoutADirectPath() {
        viewerReachingOnlyTheCloud(false);
        world.advance(SessionTimers.DEFAULT.relayAfterMillis() - 10);
        assertThat(relayFrames(ALICE)).isZero();

        world.advance(20);
        assertThat(relayFrames(ALICE)).isPositive();
    }

    @Test
    void aCameraOnTcpProbesTheRelayAtOnceForEveryViewerItAdmits() {
        world.camera.cloudPathChanged(
                CLOUD, CloudPathMove.UNANSWERED_OVER_UDP, world.now); // registers again over the new path
        world.flush();
        viewerReachingOnlyTheCloud(false);
        world.advance(SessionTimers.DEFAULT.probeIntervalMillis());

        assertThat(relayFrames(CAMERA)).isPositive();
    }

    @Test
    void backOnUdpTheSecondAppliesAgain() {
        world.camera.cloudPathChanged(CLOUD, CloudPathMove.UNANSWERED_OVER_UDP, world.now);
        world.camera.cloudPathChanged(CLOUD, CloudPathMove.UDP_WORKS_AGAIN, world.now);
        world.flush();
        viewerReachingOnlyTheCloud(false);
        world.advance(SessionTimers.DEFAULT.probeIntervalMillis());

        assertThat(relayFrames(CAMERA)).isZero();
    }
}
