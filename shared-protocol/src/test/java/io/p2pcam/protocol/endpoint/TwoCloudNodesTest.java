package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.endpoint.EndpointWorld.CAMERA;
import static io.p2pcam.protocol.endpoint.EndpointWorld.CLOUD;
import static io.p2pcam.protocol.endpoint.EndpointWorld.CLOUD_B;
import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A camera homed on two cloud nodes and viewers given both (docs/PROTOCOL.md §4.9, §5.4), in
 * memory on a manual clock: each scripted node is independent (own forward IDs, both starting at 1).
 */
class TwoCloudNodesTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress BOB = address("192.0.2.22", 50002);
    private final EndpointWorld world = new EndpointWorld(4, List.of(CLOUD, CLOUD_B));

    private boolean live(InetSocketAddress viewer) {
        return !world.viewerEvents(viewer, ViewerEvent.Live.class).isEmpty();
    }

    private List<CloudMessage> sentByCameraTo(InetSocketAddress node) {
        return world.wire.stream()
                .filter(sent -> sent.from().equals(CAMERA) && sent.to().equals(node))
                .map(sent -> {
                    try {
                        return CloudCodec.decode(sent.data());
                    } catch (CloudDecodeException e) {
                        return null; // a session packet
                    }
                })
                .filter(message -> message != null)
                .toList();
    }

    @Test
    void theCameraRegistersWithBothNodesAndSaysWhichItIsRegisteredWith() {
        world.advance(30_000);
        assertThat(world.cameraEvents(CameraEvent.Registered.class))
                .extracting(CameraEvent.Registered::cloud)
                .containsExactlyInAnyOrder(CLOUD, CLOUD_B);
        assertThat(world.camera.registeredNodes()).containsExactly(CLOUD, CLOUD_B);
        assertThat(sentByCameraTo(CLOUD))
                .filteredOn(CloudMessage.Keepalive.class::isInstance)
                .hasSize(3);
        assertThat(sentByCameraTo(CLOUD_B))
                .filteredOn(CloudMessage.Keepalive.class::isInstance)
                .hasSize(3);
    }

    @Test
    void viewersThroughEitherNodeAreAdmittedThoughBothNodesNumberTheirForwardsAlike() {
        world.viewerClouds = List.of(CLOUD);
        world.viewer(ALICE);
        world.viewerClouds = List.of(CLOUD_B);
        world.viewer(BOB);
        world.advance(100);

        assertThat(live(ALICE)).isTrue();
        assertThat(live(BOB)).isTrue(); // forward ID 1 from B is not a repeat of A's forward ID 1
        assertThat(sentByCameraTo(CLOUD))
                .filteredOn(CloudMessage.ConnectAnswer.class::isInstance)
                .hasSize(1);
        assertThat(sentByCameraTo(CLOUD_B))
                .filteredOn(CloudMessage.ConnectAnswer.class::isInstance)
                .hasSize(1);
    }

    @Test
    void withTheFirstNodeDeadAViewerGivenBothConnectsThroughTheSecond() {
        world.advance(1_000);
        world.blocked = (from, to) -> from.equals(CLOUD) || to.equals(CLOUD);
        world.advance(20_000); // the camera notices: A lost, B kept
        assertThat(world.cameraEvents(CameraEvent.RegistrationLost.class))
                .extracting(CameraEvent.RegistrationLost::cloud)
                .containsExactly(CLOUD);
        assertThat(world.camera.registeredNodes()).containsExactly(CLOUD_B);

        world.viewerClouds = List.of(CLOUD, CLOUD_B);
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.advance(3_000);

        assertThat(live(ALICE)).isTrue();
        assertThat(viewer.cloudNode()).isEqualTo(CLOUD_B);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.KeyVerified.class)
                        .getFirst()
                        .atMillis())
                .isBetween(1_600L, 2_000L); // A had 1.6 s, then B answered at once
    }
}
