package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The camera admits first and persists after (docs/PROTOCOL.md §10.1, decision 0030): a change to
 * its paired viewers is reported as {@link CameraEvent.PairingsChanged}, after the admission it
 * belongs to (whose keyframe request goes first), for its owner to write off the network thread.
 */
class PairingChangesTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress BOB = address("192.0.2.22", 50002);
    private final EndpointWorld world = new EndpointWorld(4);
    private final KeyPair aliceKey = KeyPair.generate(EndpointWorld.seeded(6));

    private List<CameraEvent> admissionsAndChanges() {
        return world.cameraEvents.stream()
                .filter(event ->
                        event instanceof CameraEvent.ViewerAdmitted || event instanceof CameraEvent.PairingsChanged)
                .toList();
    }

    private static List<Bytes> pairedKeys(CameraEvent event) {
        return ((CameraEvent.PairingsChanged) event)
                .snapshot().pairings().stream()
                        .map(PairingStore.Pairing::viewerKey)
                        .toList();
    }

    @Test
    void aNewPairingIsReportedRightAfterTheAdmissionItBelongsTo() {
        world.viewer(ALICE, Password.of(EndpointWorld.PASSWORD), aliceKey);
        world.advance(100);

        List<CameraEvent> events = admissionsAndChanges();
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(CameraEvent.ViewerAdmitted.class);
        assertThat(events.get(1)).isInstanceOf(CameraEvent.PairingsChanged.class);
        assertThat(pairedKeys(events.get(1))).containsExactly(Bytes.of(aliceKey.publicKey()));
    }

    @Test
    void aPairedViewersReturnReportsItsRaisedHighWaterMark() {
        world.viewer(ALICE, Password.of(EndpointWorld.PASSWORD), aliceKey).close(world.now);
        world.advance(100);
        long first = world.camera.pairings().getFirst().highWaterNanos();

        world.viewer(BOB, Password.NONE, aliceKey);
        world.advance(100);

        List<CameraEvent.PairingsChanged> changes = world.cameraEvents(CameraEvent.PairingsChanged.class);
        assertThat(changes).hasSize(2);
        long raised = changes.getLast().snapshot().pairings().getFirst().highWaterNanos();
        assertThat(raised).isGreaterThan(first);
        assertThat(world.camera.pairings().getFirst().highWaterNanos()).isEqualTo(raised);
    }

    @Test
    void viewersThatChangeNoPairingReportNone() {
        world.viewer(ALICE, Password.of("wrong"), aliceKey);
        world.viewer(BOB, Password.NONE, KeyPair.generate(EndpointWorld.seeded(7)));
        world.advance(100);

        assertThat(world.cameraEvents(CameraEvent.ViewerRefused.class)).hasSize(2);
        assertThat(world.cameraEvents(CameraEvent.PairingsChanged.class)).isEmpty();
    }

    @Test
    void aRevocationIsReportedWithTheKeyMovedToTheRevokedMarks() throws Exception {
        world.viewer(ALICE, Password.of(EndpointWorld.PASSWORD), aliceKey);
        world.advance(100);

        assertThat(world.camera.revoke(Bytes.of(aliceKey.publicKey()), world.now))
                .isTrue();
        world.flush();

        CameraEvent.PairingsChanged last =
                world.cameraEvents(CameraEvent.PairingsChanged.class).getLast();
        assertThat(last.snapshot().pairings()).isEmpty();
        assertThat(last.snapshot().revoked()).containsKey(Bytes.of(aliceKey.publicKey()));
    }
}
