package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.endpoint.EndpointWorld.CAMERA;
import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.EndpointWorld.Sent;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.session.SessionPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An attacker against the camera↔viewer session (docs/PROTOCOL.md §10.2, §10.3), with the real
 * endpoints on the in-memory network: a spoofer who sees the viewer's packets on the wire (an
 * observer on the same Wi-Fi, say) and re-sends them from an address of its own, or from a
 * victim's. Invariants 2–4: a recorded packet gains nothing when replayed, the stream goes only to
 * the admitted viewer, and what the spoofer makes the camera send is bounded by what it sent.
 */
class SessionAttackTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress MALLORY = address("198.51.100.66", 41000);
    private static final InetSocketAddress VICTIM = address("198.51.100.99", 443);

    private final EndpointWorld world = new EndpointWorld(4);

    private static byte[] rtp(int sequence) {
        return RtpCodec.encode(new RtpPacket(96, true, sequence, sequence * 3000L, 0x2222_2222L, new byte[] {5, 1}));
    }

    /** Alice live, media flowing; returns her endpoint. */
    private ViewerEndpoint aliceLive() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Live.class)).isNotEmpty();
        world.sendMedia(rtp(1));
        return alice;
    }

    /** Lets Alice send for {@code millis} while the network holds her packets to the camera; returns them. */
    private List<byte[]> captureAlice(long millis) {
        world.blocked = (from, to) -> from.equals(ALICE) && to.equals(CAMERA);
        int from = world.wire.size();
        world.advance(millis);
        world.blocked = (a, b) -> false;
        return world.wire.subList(from, world.wire.size()).stream()
                .filter(sent -> sent.from().equals(ALICE) && sent.to().equals(CAMERA))
                .map(Sent::data)
                .toList();
    }

    private List<Sent> sentTo(InetSocketAddress to, int since) {
        return world.wire.subList(since, world.wire.size()).stream()
                .filter(sent -> sent.to().equals(to))
                .toList();
    }

    private static long bytes(List<Sent> sent) {
        return sent.stream().mapToLong(s -> s.data().length).sum();
    }

    @Test
    void aCapturedPacketReplayedFromAnotherAddressAfterTheOriginalGetsNothingSentThere() {
        aliceLive();
        List<byte[]> captured = captureAlice(1_200);
        assertThat(captured).isNotEmpty();
        for (byte[] packet : captured) { // the genuine copies arrive first
            world.camera.handleDatagram(packet, 0, packet.length, ALICE, world.now);
        }
        world.flush();
        int since = world.wire.size();

        for (byte[] packet : captured) {
            world.camera.handleDatagram(packet, 0, packet.length, MALLORY, world.now);
            world.camera.handleDatagram(packet, 0, packet.length, VICTIM, world.now);
        }
        world.flush();
        world.sendMedia(rtp(2));

        assertThat(sentTo(MALLORY, since)).isEmpty();
        assertThat(sentTo(VICTIM, since)).isEmpty();
        assertThat(sentTo(ALICE, since)).isNotEmpty();
    }

    @Test
    void aCapturedPacketRacedFromAVictimsAddressMakesTheCameraSendThereNoMoreThanThreeTimesItsSize() {
        aliceLive();
        List<byte[]> captured = captureAlice(3_000);
        int since = world.wire.size();
        long raced = 0;
        for (byte[] packet : captured) { // the spoofer's copies arrive first, "from" the victim
            world.camera.handleDatagram(packet, 0, packet.length, VICTIM, world.now);
            raced += packet.length;
        }
        world.flush();
        world.advance(2_000); // the camera's validation gets no answer from the victim
        for (int i = 2; i < 30; i++) {
            world.sendMedia(rtp(i));
        }

        assertThat(bytes(sentTo(VICTIM, since))).isPositive().isLessThanOrEqualTo(3 * raced);
        assertThat(world.camera.link(sessionId()).queuedBytes()).isNotNegative();
        assertThat(world.pictures(ALICE)).contains(29L);
    }

    private int sessionId() {
        return world.cameraEvents(CameraEvent.ViewerAdmitted.class).getFirst().sessionId();
    }

    @Test
    void anObserverThatRacesOnePacketAndBouncesTheProbeOffTheViewerLosesThePathAtTheViewersNextPacket() {
        ViewerEndpoint alice = aliceLive();
        List<byte[]> captured = captureAlice(1_100);
        assertThat(captured).isNotEmpty();
        int since = world.wire.size();
        // Mallory's copy of Alice's packet comes first: the camera validates Mallory's address.
        byte[] first = captured.getFirst();
        world.camera.handleDatagram(first, 0, first.length, MALLORY, world.now);
        world.flush();
        List<Sent> probes = sentTo(MALLORY, since);
        assertThat(probes).hasSize(1);
        // Mallory bounces the PROBE off Alice, from her own address, and Alice answers her.
        byte[] probe = probes.getFirst().data();
        alice.handleDatagram(probe, 0, probe.length, MALLORY, world.now);
        Outgoing ack = alice.pollTransmit();
        assertThat(ack).isNotNull();
        assertThat(ack.to()).isEqualTo(MALLORY);
        // Mallory hands the answer to the camera: a path through Mallory is valid, it moves there.
        world.camera.handleDatagram(ack.data(), 0, ack.data().length, MALLORY, world.now);
        world.flush();
        int hijacked = world.wire.size();
        world.sendMedia(rtp(2));
        boolean diverted = !sentTo(MALLORY, hijacked).isEmpty();

        // Alice's genuine copies are now replays; her next own packet brings the path back.
        for (byte[] packet : captured) {
            world.camera.handleDatagram(packet, 0, packet.length, ALICE, world.now);
        }
        world.flush();
        world.advance(600);
        int back = world.wire.size();
        world.sendMedia(rtp(3));

        assertThat(diverted)
                .as("the stream went through Mallory while she held the path")
                .isTrue();
        assertThat(sentTo(MALLORY, back)).isEmpty();
        assertThat(sentTo(ALICE, back)).isNotEmpty();
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class)).isEmpty();
    }

    /**
     * A session packet with the right receiver ID, a counter far ahead and no valid tag: a forger
     * that knows the receiver ID (it travels in clear) but not the keys.
     */
    private static byte[] forged(int receiverId, long counter) {
        byte[] packet = new byte[SessionPacket.OVERHEAD + 8];
        packet[0] = SessionPacket.MAGIC;
        packet[1] = SessionPacket.TYPE_TRANSPORT;
        ByteBuffer.wrap(packet, 2, 12).putInt(receiverId).putLong(counter);
        return packet;
    }

    @Test
    void forgedPacketsWithCountersFarAheadFromTheCamerasAddressDoNotMoveTheViewersReplayWindow() {
        ViewerEndpoint alice = aliceLive();
        int aliceId = alice.session().localId();
        long droppedBefore = alice.session().droppedPackets();

        for (long counter = 1; counter < 5_000; counter++) { // just ahead, and at the top of the range
            byte[] near = forged(aliceId, counter);
            byte[] far = forged(aliceId, Long.MAX_VALUE - counter);
            alice.handleDatagram(near, 0, near.length, CAMERA, world.now);
            alice.handleDatagram(far, 0, far.length, CAMERA, world.now);
        }
        world.flush();
        for (int i = 2; i < 12; i++) {
            world.sendMedia(rtp(i));
        }

        assertThat(alice.session().droppedPackets() - droppedBefore).isEqualTo(2 * 4_999);
        assertThat(world.pictures(ALICE)).endsWith(11L);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class)).isEmpty();
    }

    @Test
    void aCameraPacketRacedToTheViewerFromAnotherAddressDoesNotMoveItsLivelyPath() {
        ViewerEndpoint alice = aliceLive();
        world.blocked = (from, to) -> from.equals(CAMERA) && to.equals(ALICE);
        int from = world.wire.size();
        world.sendMedia(rtp(2));
        world.blocked = (a, b) -> false;
        byte[] captured = world.wire.subList(from, world.wire.size()).stream()
                .filter(sent -> sent.from().equals(CAMERA) && sent.to().equals(ALICE))
                .map(Sent::data)
                .findFirst()
                .orElseThrow();
        int since = world.wire.size();

        alice.handleDatagram(captured, 0, captured.length, MALLORY, world.now);
        world.flush();
        world.advance(300);
        for (int i = 3; i < 10; i++) {
            world.sendMedia(rtp(i));
        }

        assertThat(sentTo(MALLORY, since))
                .as("a viewer whose path is lively validates no other")
                .isEmpty();
        assertThat(alice.session().path()).isEqualTo(CAMERA);
        assertThat(world.pictures(ALICE)).endsWith(9L);
    }
}
