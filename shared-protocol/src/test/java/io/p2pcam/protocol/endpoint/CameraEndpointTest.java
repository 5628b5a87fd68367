package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.endpoint.EndpointWorld.CAMERA;
import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionEvent.CloseReason;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionPacket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The camera's endpoint driven in memory against real viewer endpoints and a scripted cloud
 * (docs/PROTOCOL.md §10): admission and pairing, the viewer limit, media and keyframe requests,
 * candidates, and every way a viewer's session ends (talkback: CameraTalkFloorTest).
 */
class CameraEndpointTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress BOB = address("192.0.2.22", 50002);
    /** A second socket of ALICE's viewer installation (another tile of the same camera). */
    private static final InetSocketAddress ALICE_SECOND_TILE = address("192.0.2.21", 50011);

    private final EndpointWorld world = new EndpointWorld(4);

    private static byte[] rtp(int sequence) {
        return RtpCodec.encode(new RtpPacket(96, true, sequence, sequence * 3000L, 0x2222_2222L, new byte[] {5, 1}));
    }

    private boolean live(InetSocketAddress viewer) {
        return !world.viewerEvents(viewer, ViewerEvent.Live.class).isEmpty();
    }

    @Test
    void aViewerWithThePasswordIsAdmittedPairedAndGoesLive() {
        world.viewer(ALICE);
        world.advance(100);

        CameraEvent.ViewerAdmitted admitted =
                world.cameraEvents(CameraEvent.ViewerAdmitted.class).getFirst();
        assertThat(admitted.paired()).isTrue();
        assertThat(admitted.viewerName()).isEqualTo("viewer 50001");
        assertThat(world.cameraEvents(CameraEvent.ViewerLive.class))
                .extracting(CameraEvent.ViewerLive::sessionId)
                .containsExactly(admitted.sessionId());
        assertThat(live(ALICE)).isTrue();
        assertThat(world.camera.viewers()).isEqualTo(1);
        assertThat(world.camera.pairings()).hasSize(1);
        assertThat(world.camera.link(admitted.sessionId())).isNotNull();
    }

    @Test
    void aWrongPasswordIsRefusedAndTakesNoViewerSlot() {
        world.viewer(ALICE, Password.of("wrong"), KeyPair.generate(EndpointWorld.seeded(5)));
        world.advance(100);

        assertThat(world.cameraEvents(CameraEvent.ViewerRefused.class))
                .extracting(CameraEvent.ViewerRefused::verdict)
                .containsExactly(Verdict.WRONG_PASSWORD);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class))
                .extracting(ViewerEvent.Failed::failure)
                .containsExactly(ViewerFailure.AUTH_FAILED);
        assertThat(world.camera.viewers()).isZero();
        assertThat(world.camera.pairings()).isEmpty();
    }

    @Test
    void aPairedViewerComesBackByItsKeyAloneAndAStrangerWithoutPasswordIsAskedForIt() {
        KeyPair key = KeyPair.generate(EndpointWorld.seeded(6));
        world.viewer(ALICE, Password.of(EndpointWorld.PASSWORD), key).close(world.now);
        world.advance(100);
        world.viewer(BOB, Password.NONE, key);
        world.advance(100);
        assertThat(live(BOB)).isTrue();
        assertThat(world.cameraEvents(CameraEvent.ViewerAdmitted.class))
                .extracting(CameraEvent.ViewerAdmitted::paired)
                .containsExactly(true, true);

        InetSocketAddress stranger = address("192.0.2.23", 50003);
        world.viewer(stranger, Password.NONE, KeyPair.generate(EndpointWorld.seeded(7)));
        world.advance(100);
        assertThat(world.viewerEvents(stranger, ViewerEvent.Failed.class))
                .extracting(ViewerEvent.Failed::failure)
                .containsExactly(ViewerFailure.PASSWORD_NEEDED);
    }

    @Test
    void aViewerOverTheLimitHearsBusy() {
        EndpointWorld small = new EndpointWorld(1);
        small.viewer(ALICE);
        small.advance(100);
        small.viewer(BOB);
        small.advance(100);

        assertThat(small.viewerEvents(BOB, ViewerEvent.Failed.class))
                .extracting(ViewerEvent.Failed::failure)
                .containsExactly(ViewerFailure.CAMERA_BUSY);
        assertThat(small.camera.viewers()).isEqualTo(1);
    }

    @Test
    void twoConnectionsOfOneInstallationAtOnceBothGoLiveTheSecondDoesNotEndTheFirstWhileItPunches() {
        // Two tiles of one camera (or a main and a sub-stream) in one viewer installation: one key,
        // two sockets, two connects. The first is admitted and still punching when the second is.
        KeyPair installation = KeyPair.generate(EndpointWorld.seeded(99));
        world.blocked =
                (from, to) -> (from.equals(ALICE) && to.equals(CAMERA)) || (from.equals(CAMERA) && to.equals(ALICE));
        world.viewer(ALICE, Password.of(EndpointWorld.PASSWORD), installation);
        world.advance(100);
        assertThat(world.cameraEvents(CameraEvent.ViewerAdmitted.class)).hasSize(1);
        assertThat(live(ALICE)).as("still punching: its direct path is blocked").isFalse();

        world.viewer(ALICE_SECOND_TILE, Password.of(EndpointWorld.PASSWORD), installation);
        world.blocked = (from, to) -> false; // the first tile's path opens a moment later
        world.advance(3_000);

        assertThat(live(ALICE_SECOND_TILE)).isTrue();
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class)).isEmpty();
        assertThat(live(ALICE))
                .as("the first connection, a different session of the same key")
                .isTrue();
        assertThat(world.camera.viewers()).isEqualTo(2);
    }

    @Test
    void mediaReachesEveryLiveViewerInOrder() {
        world.viewer(ALICE);
        world.viewer(BOB);
        world.advance(100);
        for (int sequence = 1; sequence <= 3; sequence++) {
            world.sendMedia(rtp(sequence));
        }
        world.advance(200);

        for (InetSocketAddress viewer : List.of(ALICE, BOB)) {
            assertThat(world.pictures(viewer)).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aViewerWhoseSessionStartsMidPictureGetsNothingBeforeTheNextKeyframe() {
        world.viewer(ALICE);
        world.advance(100);
        // A predicted picture in two packets, then a keyframe (SPS first), then a predicted one.
        world.sendMedia(packet(1, false, 0x41));
        world.sendMedia(packet(2, true, 0x41));
        world.sendMedia(packet(3, false, 0x67));
        world.sendMedia(packet(4, true, 0x65));
        world.sendMedia(packet(5, true, 0x41));
        world.advance(200);

        assertThat(world.pictures(ALICE)).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aKeyframeMadeWhileThePathIsPunchedIsTheViewersFirstMediaOnceItIsFixed() {
        world.blocked =
                (from, to) -> from.equals(CAMERA) && to.equals(ALICE) || from.equals(ALICE) && to.equals(CAMERA);
        world.viewer(ALICE);
        world.advance(50);
        assertThat(world.cameraEvents(CameraEvent.ViewerAdmitted.class)).hasSize(1);
        assertThat(live(ALICE)).isFalse();
        // The camera encodes the keyframe it asked for at admission while the punch goes on.
        world.sendMedia(packet(1, true, 0x41)); // a predicted picture: nothing to start from
        world.sendMedia(packet(2, false, 0x67)); // the keyframe: SPS …
        world.sendMedia(packet(3, true, 0x65)); // … and IDR
        world.sendMedia(packet(4, true, 0x41));

        world.blocked = (from, to) -> false;
        world.advance(1_000);

        assertThat(live(ALICE)).isTrue();
        assertThat(world.pictures(ALICE)).containsExactly(2L, 3L, 4L);
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .as("the admission's ask only: it started at the held keyframe, no second one needed")
                .hasSize(1);
    }

    @Test
    void aViewerWhosePathIsFixedBeforeAnyKeyframeAsksTheEncoderForOne() {
        world.viewer(ALICE);
        world.advance(100);

        assertThat(live(ALICE)).isTrue();
        int session =
                world.cameraEvents(CameraEvent.ViewerAdmitted.class).getFirst().sessionId();
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .extracting(CameraEvent.KeyframeRequested::sessionId)
                .as("at admission, and again once the path is fixed with none held")
                .containsExactly(session, session);
    }

    @Test
    void aViewerReconnectingInALoopGetsTwoForcedFirstKeyframesThenStartsAtTheStreamsNextOne() {
        KeyPair installation = KeyPair.generate(EndpointWorld.seeded(77));
        for (int port = 50101; port <= 50105; port++) {
            ViewerEndpoint viewer =
                    world.viewer(address("192.0.2.21", port), Password.of(EndpointWorld.PASSWORD), installation);
            world.advance(100);
            viewer.close(world.now);
            world.flush();
        }
        world.viewer(BOB); // another installation: a budget of its own
        world.advance(100);

        List<Integer> admitted = world.cameraEvents(CameraEvent.ViewerAdmitted.class).stream()
                .map(CameraEvent.ViewerAdmitted::sessionId)
                .toList();
        assertThat(admitted).hasSize(6);
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .extracting(CameraEvent.KeyframeRequested::sessionId)
                .as("two sessions of the looping key forced theirs (admission and path); the others none")
                .containsExactly(
                        admitted.get(0),
                        admitted.get(0),
                        admitted.get(1),
                        admitted.get(1),
                        admitted.get(5),
                        admitted.get(5));

        world.advance(FirstKeyframes.REFILL_MILLIS);
        world.viewer(address("192.0.2.21", 50106), Password.of(EndpointWorld.PASSWORD), installation);
        world.advance(100);
        int later =
                world.cameraEvents(CameraEvent.ViewerAdmitted.class).getLast().sessionId();
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .extracting(CameraEvent.KeyframeRequested::sessionId)
                .as("one more once the budget refilled")
                .endsWith(later, later);
    }

    @Test
    void theKeyframeAViewerStartsAtBeginsAnAccessUnitNotItsSecondSlice() {
        world.viewer(ALICE);
        world.advance(100);
        world.sendMedia(packet(1, false, 0x41)); // the end of this picture has not been sent yet
        world.sendMedia(packet(2, true, 0x65)); // an IDR slice, but the second NAL of that access unit
        world.sendMedia(packet(3, true, 0x65));
        world.advance(200);

        assertThat(world.pictures(ALICE)).containsExactly(3L);
    }

    private static byte[] packet(int sequence, boolean endsPicture, int nalHeader) {
        return RtpCodec.encode(new RtpPacket(
                96, endsPicture, sequence, sequence * 3000L, 0x2222_2222L, new byte[] {(byte) nalHeader, 1}));
    }

    @Test
    void aViewersPliBecomesAKeyframeRequestForItsSession() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        world.sendMedia(rtp(1));
        int session =
                world.cameraEvents(CameraEvent.ViewerAdmitted.class).getFirst().sessionId();
        world.cameraEvents.clear();

        alice.requestKeyframe(world.now);
        world.flush();

        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .extracting(CameraEvent.KeyframeRequested::sessionId)
                .containsExactly(session);
        assertThat(world.camera.link(session).plisReceived()).isEqualTo(1);
    }

    @Test
    void aViewerThatSaysByeLeaves() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        alice.close(world.now);
        world.flush();

        assertThat(world.cameraEvents(CameraEvent.ViewerLeft.class))
                .extracting(CameraEvent.ViewerLeft::reason)
                .containsExactly(CloseReason.PEER_CLOSED);
        assertThat(world.camera.viewers()).isZero();
    }

    @Test
    void aViewerThatFallsSilentIsClosedWithAByeItCanHear() {
        world.viewer(ALICE);
        world.advance(100);
        world.blocked = (from, to) -> from.equals(ALICE) && to.equals(CAMERA); // one-way loss
        world.advance(6_000);

        assertThat(world.cameraEvents(CameraEvent.ViewerLeft.class))
                .extracting(CameraEvent.ViewerLeft::reason)
                .containsExactly(CloseReason.PEER_SILENT);
        // The camera's keepalives reach the viewer, so only the camera's BYE can end its session now.
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class))
                .extracting(ViewerEvent.Failed::failure, ViewerEvent.Failed::message)
                .containsExactly(tuple(ViewerFailure.CONNECTION_LOST, "the camera closed the session"));
    }

    @Test
    void revokingAPairedViewerEndsItsSessionAndNoOther() throws Exception {
        KeyPair key = KeyPair.generate(EndpointWorld.seeded(8));
        world.viewer(ALICE, Password.of(EndpointWorld.PASSWORD), key);
        world.viewer(BOB);
        world.advance(100);

        assertThat(world.camera.revoke(Bytes.of(key.publicKey()), world.now)).isTrue();
        world.flush();

        assertThat(world.cameraEvents(CameraEvent.ViewerLeft.class))
                .extracting(CameraEvent.ViewerLeft::reason)
                .containsExactly(CloseReason.LOCAL_CLOSE);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class)).hasSize(1);
        assertThat(world.viewerEvents(BOB, ViewerEvent.Failed.class)).isEmpty();
        assertThat(world.camera.viewers()).isEqualTo(1);
        assertThat(world.camera.pairings()).hasSize(1);
    }

    @Test
    void closingTheCameraSaysByeToEveryViewer() {
        world.viewer(ALICE);
        world.viewer(BOB);
        world.advance(100);
        world.camera.close(world.now);
        world.flush();

        assertThat(world.camera.viewers()).isZero();
        for (InetSocketAddress viewer : List.of(ALICE, BOB)) {
            assertThat(world.viewerEvents(viewer, ViewerEvent.Failed.class))
                    .extracting(ViewerEvent.Failed::failure)
                    .containsExactly(ViewerFailure.CONNECTION_LOST);
        }
        assertThat(world.camera.nextTimeout()).isGreaterThan(world.now); // no session timer left behind
    }

    @Test
    void theCameraProbesOnlyTheViewersReflexiveAddressAndItsOwnReachableCandidates() {
        InetSocketAddress decoy = address("192.0.2.99", 9);
        InetSocketAddress ipv6 = address("2001:db8::21", 50001);
        world.injectedCandidates = List.of(Candidate.local(decoy));
        world.blocked = (from, to) -> from.equals(CAMERA) && to.equals(ALICE); // keep the camera probing
        world.viewer(
                ALICE,
                Password.of(EndpointWorld.PASSWORD),
                KeyPair.generate(EndpointWorld.seeded(9)),
                List.of(Candidate.local(ALICE), Candidate.local(ipv6)));
        world.advance(400);

        List<InetSocketAddress> probed = world.wire.stream()
                .filter(sent ->
                        sent.from().equals(CAMERA) && SessionPacket.isSessionPacket(sent.data(), 0, sent.data().length))
                .map(EndpointWorld.Sent::to)
                .distinct()
                .toList();
        assertThat(probed).containsExactly(ALICE);
        assertThat(probed).noneMatch(to -> to.getAddress() instanceof Inet6Address);
    }

    @Test
    void garbageAndPacketsForUnknownSessionsAreDroppedAndCountedNeverAnswered() {
        InetSocketAddress stranger = address("198.51.100.66", 41000);
        int sentBefore = world.wire.size();
        byte[] garbage = {
            0x53, 0x01, 0, 0, 0, 42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9
        };
        world.camera.handleDatagram(garbage, 0, garbage.length, stranger, world.now);
        world.camera.handleDatagram(new byte[] {1, 2, 3}, 0, 3, stranger, world.now);
        world.flush();

        assertThat(world.camera.droppedDatagrams()).isEqualTo(2);
        assertThat(world.wire.subList(sentBefore, world.wire.size())).isEmpty();
    }
}
