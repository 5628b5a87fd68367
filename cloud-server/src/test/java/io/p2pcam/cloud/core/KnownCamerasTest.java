package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The node-wide summary of camera IDs that lets an event loop answer a LOOKUP of an unknown ID
 * itself instead of handing it to the owner's loop: never "absent" for a registered camera, and
 * the answer of a core that does not own the ID is the owner's answer.
 */
class KnownCamerasTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("198.18.0.10", 32101)));
    private static final InetSocketAddress VIEWER = address("198.51.100.99", 41000);

    private final SplittableRandom random = new SplittableRandom(7);

    private CameraId randomId() {
        byte[] id = new byte[CameraId.BYTES];
        random.nextBytes(id);
        return CameraId.fromBytes(id);
    }

    @Test
    void anIdIsHeldFromItsAddUntilItsRemoveAndAnEmptyNodeHoldsNone() {
        KnownCameras known = new KnownCameras(1000, 99);
        CameraId id = randomId();
        byte[] bytes = id.toBytes();
        assertThat(known.mayHold(bytes, 0)).isFalse();

        known.added(bytes, 0);
        assertThat(known.mayHold(bytes, 0)).isTrue();

        known.removed(bytes, 0);
        assertThat(known.mayHold(bytes, 0)).isFalse();
    }

    @Test
    void everyIdAddedIsHeldWhateverElseIsAddedAndRemoved() {
        KnownCameras known = new KnownCameras(2000, 5);
        List<CameraId> kept = IntStream.range(0, 2000).mapToObj(i -> randomId()).toList();
        List<CameraId> gone = IntStream.range(0, 2000).mapToObj(i -> randomId()).toList();
        kept.forEach(id -> known.added(id.toBytes(), 0));
        gone.forEach(id -> known.added(id.toBytes(), 0));
        gone.forEach(id -> known.removed(id.toBytes(), 0));

        assertThat(kept).allMatch(id -> known.mayHold(id.toBytes(), 0));
        long strangersHeld = IntStream.range(0, 10_000)
                .filter(i -> known.mayHold(randomId().toBytes(), 0))
                .count();
        // A node at its --max-cameras: 4 counters an ID, two of them per ID, (1 - e^-0.5)^2 = 15 %.
        assertThat(strangersHeld).as("false positives of 10,000 unknown IDs").isLessThan(2_000);
    }

    @Test
    void theIdOfALookupIsReadWhereItSitsInTheDatagram() {
        KnownCameras known = new KnownCameras(1000, 3);
        CameraId id = randomId();
        known.added(id.toBytes(), 0);

        byte[] lookup = CloudCodec.encode(new Lookup(12, id));

        assertThat(known.mayHold(lookup, CloudCodec.HEADER_BYTES)).isTrue();
    }

    @Test
    void aCoreCountsItsRegistrationsAndTheirExpiry() {
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
        KnownCameras known = new KnownCameras(1000, 11);
        network.cloud.countCamerasIn(known);

        SimulatedCamera camera = new SimulatedCamera(network, address("198.51.100.20", 40001), LAN);
        assertThat(known.mayHold(camera.identity.id().toBytes(), 0)).isTrue();

        camera.online = false;
        network.advance(90_000);
        assertThat(network.cloud.camerasOnline()).isZero();
        assertThat(known.mayHold(camera.identity.id().toBytes(), 0)).isFalse();
    }

    @Test
    void aCoreThatDoesNotOwnAnUnknownIdAnswersItsLookupAsTheOwnerDoes() throws CloudDecodeException {
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
        KnownCameras known = new KnownCameras(1000, 13);
        network.cloud.countCamerasIn(known);
        Rendezvous otherCore =
                new Rendezvous(CloudConfig.defaults(), new SplittableRandom(8), new CloudEvents() {}, network.now);
        otherCore.countCamerasIn(known);
        SimulatedCamera registered = new SimulatedCamera(network, address("198.51.100.20", 40001), LAN);
        CameraId unknown = randomId();
        assertThat(known.mayHold(unknown.toBytes(), 0)).isFalse();
        assertThat(known.mayHold(registered.identity.id().toBytes(), 0)).isTrue();
        byte[] lookup = CloudCodec.encode(new Lookup(4242, unknown));

        network.sendToCloud(VIEWER, lookup);
        CloudMessage fromOwner = network.toStrangers.getLast().message();
        otherCore.handleDatagram(lookup, 0, lookup.length, VIEWER, network.now);
        Transmit fromOther = otherCore.pollTransmit();

        assertThat(fromOwner).isInstanceOf(LookupResult.class);
        assertThat(((LookupResult) fromOwner).found()).isFalse();
        assertThat(fromOther.to()).isEqualTo(VIEWER);
        assertThat(CloudCodec.decode(fromOther.data(), 0, fromOther.data().length))
                .isEqualTo(fromOwner);
        assertThat(fromOther.data()).isEqualTo(CloudCodec.encode(fromOwner));
    }
}
