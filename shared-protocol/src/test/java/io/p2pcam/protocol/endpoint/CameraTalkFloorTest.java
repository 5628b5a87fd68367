package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TalkFloor;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Talkback through the camera's endpoint, driven in memory against real viewer endpoints
 * (docs/PROTOCOL.md §10.7): who may talk, the talk floor between viewers, the owner's take-over,
 * and what the camera drops. (The talk side on its own is TalkInTest.)
 */
class CameraTalkFloorTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress BOB = address("192.0.2.22", 50002);
    private static final InetSocketAddress CAROL = address("192.0.2.23", 50003);

    private final EndpointWorld world = new EndpointWorld(4);

    private static byte[] rtp(int sequence) {
        return RtpCodec.encode(new RtpPacket(96, true, sequence, sequence * 3000L, 0x2222_2222L, new byte[] {5, 1}));
    }

    private static RtpPacket talk(int sequence, long ssrc) {
        return new RtpPacket(
                OpusRtp.PAYLOAD_TYPE, false, sequence, sequence * 960L, ssrc, new byte[] {0x78, 1, (byte) sequence});
    }

    /** One talk packet from {@code viewer}, delivered at once. */
    private boolean say(ViewerEndpoint viewer, int sequence, long ssrc) {
        boolean sent = viewer.sendTalk(talk(sequence, ssrc), world.now);
        world.flush();
        return sent;
    }

    @Test
    void anAdmittedViewersTalkReachesTheSpeakerAsItWasSent() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        int session =
                world.cameraEvents(CameraEvent.ViewerAdmitted.class).getFirst().sessionId();

        for (int sequence = 1; sequence <= 3; sequence++) {
            assertThat(say(alice, sequence, 0xA11CE)).isTrue();
            world.advance(20);
        }

        List<CameraEvent.Talk> heard = world.cameraEvents(CameraEvent.Talk.class);
        assertThat(heard).extracting(CameraEvent.Talk::sessionId).containsOnly(session);
        assertThat(heard)
                .extracting(CameraEvent.Talk::packet)
                .extracting(RtpPacket::sequenceNumber, RtpPacket::ssrc, RtpPacket::payloadType)
                .containsExactly(
                        tuple(1, 0xA11CEL, OpusRtp.PAYLOAD_TYPE),
                        tuple(2, 0xA11CEL, OpusRtp.PAYLOAD_TYPE),
                        tuple(3, 0xA11CEL, OpusRtp.PAYLOAD_TYPE));
        assertThat(world.camera.refusedTalk()).isZero();
    }

    @Test
    void aViewerThatIsNotLiveCannotTalk() {
        ViewerEndpoint alice = world.viewer(ALICE, Password.of("wrong"), KeyPair.generate(EndpointWorld.seeded(5)));
        world.advance(100);

        assertThat(alice.sendTalk(talk(1, 0xA11CE), world.now)).isFalse();
        world.advance(100);
        assertThat(world.cameraEvents(CameraEvent.Talk.class)).isEmpty();
    }

    @Test
    void theCamerasOwnerTakesTheFloorAtOnceAndTheViewerItWasTakenFromIsToldSo() {
        ViewerEndpoint owner = world.viewer(ALICE); // paired first: the camera's owner (§10.1)
        ViewerEndpoint bob = world.viewer(BOB);
        world.advance(100);
        String ownerName =
                world.cameraEvents(CameraEvent.ViewerAdmitted.class).getFirst().viewerName();

        say(bob, 1, 0xB0B);
        world.advance(20);
        say(owner, 1, 0xA11CE); // Bob holds the floor: the owner takes it at once
        world.advance(20);
        say(bob, 2, 0xB0B);
        world.advance(20);
        say(owner, 2, 0xA11CE);
        world.flush();

        assertThat(world.cameraEvents(CameraEvent.Talk.class))
                .extracting(talk -> talk.packet().ssrc())
                .containsExactly(0xB0BL, 0xA11CEL, 0xA11CEL);
        assertThat(world.viewerEvents(BOB, ViewerEvent.TalkRefused.class))
                .containsExactly(new ViewerEvent.TalkRefused(ownerName, true));
        assertThat(world.viewerEvents(ALICE, ViewerEvent.TalkRefused.class)).isEmpty();
        assertThat(world.camera.talkTakeOvers()).isEqualTo(1);
    }

    @Test
    void oneViewerTalksAtATimeAndTheOtherIsRefusedAndCountedUntilTheFirstFallsQuiet() {
        world.viewer(CAROL); // paired first: the camera's owner, who does not talk here
        world.advance(100);
        ViewerEndpoint alice = world.viewer(ALICE);
        ViewerEndpoint bob = world.viewer(BOB);
        world.advance(100);

        say(alice, 1, 0xA11CE);
        world.advance(20);
        say(bob, 1, 0xB0B);
        world.advance(20);
        say(alice, 2, 0xA11CE);
        world.advance(TalkFloor.RELEASE_MILLIS);
        say(bob, 2, 0xB0B); // Alice fell quiet: Bob takes the floor
        world.advance(20);
        say(alice, 3, 0xA11CE);
        world.flush();

        assertThat(world.cameraEvents(CameraEvent.Talk.class))
                .extracting(talk -> talk.packet().ssrc())
                .containsExactly(0xA11CEL, 0xA11CEL, 0xB0BL);
        assertThat(world.camera.refusedTalk()).isEqualTo(2);
    }

    @Test
    void aViewerRefusedTheFloorIsToldWhoHoldsItAtMostEveryQuarterSecond() {
        ViewerEndpoint alice = world.viewer(ALICE);
        ViewerEndpoint bob = world.viewer(BOB);
        world.advance(100);
        String aliceName = world.cameraEvents(CameraEvent.ViewerAdmitted.class).stream()
                .filter(admitted -> admitted.viewer().equals(ALICE.getAddress()))
                .findFirst()
                .orElseThrow()
                .viewerName();

        // Alice talks for 400 ms; Bob tries to talk over her all along (20 ms frames).
        for (int frame = 1; frame <= 20; frame++) {
            say(alice, frame, 0xA11CE);
            say(bob, frame, 0xB0B);
            world.advance(20);
        }
        world.flush();

        List<ViewerEvent.TalkRefused> told = world.viewerEvents(BOB, ViewerEvent.TalkRefused.class);
        assertThat(told)
                .hasSize(2)
                .allSatisfy(refused -> assertThat(refused.holder()).isEqualTo(aliceName));
        assertThat(world.viewerEvents(ALICE, ViewerEvent.TalkRefused.class)).isEmpty();
        assertThat(world.camera.refusedTalk()).isEqualTo(20);
    }

    @Test
    void mediaFromAViewerThatIsNotOpusIsDroppedAndCounted() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);

        assertThatThrownBy(() -> alice.sendTalk(RtpCodec.decode(rtp(1)), world.now))
                .isInstanceOf(IllegalArgumentException.class);
        // A viewer that sends video anyway (a bug, or a hostile one): it authenticates, and costs nothing.
        alice.session().sendMedia(rtp(1), world.now);
        world.advance(1_100); // leaves with the viewer's next keepalive

        assertThat(world.cameraEvents(CameraEvent.Talk.class)).isEmpty();
        assertThat(world.camera.droppedTalk()).isEqualTo(1);
    }

    @Test
    void talkThatAuthenticatesButIsNotRtpIsDroppedAndCountedAndTakesNoFloor() {
        ViewerEndpoint alice = world.viewer(ALICE);
        ViewerEndpoint bob = world.viewer(BOB);
        world.advance(100);

        alice.session().sendMedia(new byte[] {(byte) 0x80, (byte) 0xEF, 0, 1}, world.now); // a torn header
        world.advance(20);
        say(bob, 1, 0xB0B);
        world.advance(1_100);

        assertThat(world.camera.droppedTalk()).isEqualTo(1);
        assertThat(world.camera.refusedTalk())
                .as("Alice's garbage held no floor")
                .isZero();
        assertThat(world.cameraEvents(CameraEvent.Talk.class))
                .extracting(talk -> talk.packet().ssrc())
                .containsExactly(0xB0BL);
    }
}
