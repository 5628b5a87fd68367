package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.endpoint.EndpointWorld.CAMERA;
import static io.p2pcam.protocol.endpoint.EndpointWorld.CLOUD;
import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionEvent.PathKind;
import io.p2pcam.protocol.session.SessionPacket;
import io.p2pcam.protocol.session.VideoStream;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The viewer's endpoint driven in memory against a real camera endpoint and a scripted cloud
 * (docs/PROTOCOL.md §10): its milestones, what it refuses from a lying cloud, its deadline,
 * media through its jitter buffer, keyframe requests and closing.
 */
class ViewerEndpointTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private final EndpointWorld world = new EndpointWorld(4);

    private static byte[] rtp(int sequence) {
        return RtpCodec.encode(new RtpPacket(96, true, sequence, sequence * 3000L, 0x2222_2222L, new byte[] {5, 1}));
    }

    private List<ViewerFailure> failures() {
        return world.viewerEvents(ALICE, ViewerEvent.Failed.class).stream()
                .map(ViewerEvent.Failed::failure)
                .toList();
    }

    @Test
    void aViewerReportsKeyVerifiedAdmittedAndLiveInThatOrder() {
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.advance(100);

        assertThat(world.viewerEvents.get(ALICE))
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("KeyVerified", "Admitted", "Live");
        ViewerEvent.Live live =
                world.viewerEvents(ALICE, ViewerEvent.Live.class).getFirst();
        assertThat(live.path()).isEqualTo(PathKind.DIRECT);
        assertThat(live.camera()).isEqualTo(CAMERA);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        ViewerEvent.Admitted admitted =
                world.viewerEvents(ALICE, ViewerEvent.Admitted.class).getFirst();
        assertThat(admitted.welcome().width()).isEqualTo(1280);
        assertThat(admitted.welcome().paired()).isTrue();
    }

    @Test
    void aKeyThatDoesNotMatchTheCameraIdEndsTheAttemptBeforeAnyHandshake() {
        world.lieAboutTheKey = true;
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.advance(100);

        assertThat(failures()).containsExactly(ViewerFailure.CLOUD_LIED);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.ENDED);
        assertThat(world.cameraEvents)
                .noneMatch(event ->
                        event instanceof CameraEvent.HandshakeFailed || event instanceof CameraEvent.ViewerAdmitted);
    }

    @Test
    void aViewerThatHearsNothingFailsAtItsDeadlineAndThenSleeps() {
        world.blocked = (from, to) -> to.equals(CLOUD) && from.equals(ALICE);
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.advance(10_500);

        assertThat(failures()).containsExactly(ViewerFailure.TIMEOUT);
        assertThat(viewer.nextTimeout()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * The cloud refused the viewer over UDP (a flood in its network's name that never stops), the
     * runtime moved it to TCP, and TCP to the cloud failed (blocked): at the deadline the viewer is
     * told the cloud limits its network, not a bare timeout (§3.1, §5.5).
     */
    @Test
    void aViewerRefusedOverUdpWhoseTcpFailedIsToldTheCloudLimitsItsNetwork() {
        viewerRefusedOverUdpWhoseTcpFailed();
        world.advance(8_000);

        assertThat(failures()).containsExactly(ViewerFailure.RATE_LIMITED);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class)
                        .getFirst()
                        .message())
                .contains("refuses this network over UDP")
                .contains("TCP");
    }

    /**
     * A node that answers the UDP probe after its refusal and TCP's failure serves the viewer over
     * UDP again: a timeout then is a timeout.
     */
    @Test
    void aViewerWhoseNodeAnswersOverUdpAgainAfterItsRefusalTimesOutPlainly() {
        ViewerEndpoint viewer = viewerRefusedOverUdpWhoseTcpFailed();
        viewer.cloudPathChanged(CLOUD, CloudPathMove.UNANSWERED_OVER_UDP, world.now);
        viewer.cloudPathChanged(CLOUD, CloudPathMove.UDP_WORKS_AGAIN, world.now);
        world.advance(8_000);

        assertThat(failures()).containsExactly(ViewerFailure.TIMEOUT);
    }

    /**
     * A refusal over UDP and TCP's failure, long ago and never again since (the runtime has tried
     * TCP again meanwhile, §3.1, and would have said so had the cloud still refused): a cloud silent
     * now is a silent cloud, and the viewer's timeout says so.
     */
    @Test
    void aRefusalAndFailureOlderThanTheMarkLastsEndInAPlainTimeout() {
        world.viewerDeadlineMillis = 200_000;
        viewerRefusedOverUdpWhoseTcpFailed();
        world.advance(200_000);

        assertThat(failures()).containsExactly(ViewerFailure.TIMEOUT);
    }

    /** A viewer the cloud never answers, told by its runtime that a refusal moved it to TCP, and that TCP failed. */
    private ViewerEndpoint viewerRefusedOverUdpWhoseTcpFailed() {
        world.blocked = (from, to) -> to.equals(CLOUD) && from.equals(ALICE);
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.advance(600);
        viewer.cloudPathChanged(CLOUD, CloudPathMove.REFUSED_OVER_UDP, world.now);
        world.advance(2_000);
        viewer.cloudPathChanged(CLOUD, CloudPathMove.TCP_FAILED, world.now);
        return viewer;
    }

    @Test
    void mediaLeavesTheJitterBufferInSequenceOrder() {
        world.viewer(ALICE);
        world.advance(100);
        world.sendMedia(rtp(10));
        world.sendMedia(rtp(12));
        world.sendMedia(rtp(11));
        world.advance(500);

        assertThat(world.pictures(ALICE)).containsExactly(10L, 11L, 12L);
    }

    @Test
    void soundIsParsedOnceAndHandedOutTypedWhileVideoAloneGoesThroughTheJitterBuffer() {
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.advance(100);
        RtpPacket sound = new RtpPacket(OpusRtp.PAYLOAD_TYPE, true, 7, 960, 0xA0D10L, new byte[] {0x78, 1});
        world.camera.sendAudio(sound, world.now);
        world.sendMedia(rtp(10));
        world.advance(500);

        assertThat(world.viewerEvents(ALICE, ViewerEvent.Audio.class))
                .extracting(ViewerEvent.Audio::packet)
                .containsExactly(sound);
        assertThat(world.pictures(ALICE)).containsExactly(10L);
        assertThat(viewer.videoProgress().packets())
                .as("the sound never counts as video")
                .isEqualTo(1);
        assertThat(viewer.droppedMedia()).isZero();
    }

    @Test
    void mediaThatAuthenticatesButIsNotRtpIsDroppedAndCountedAndReachesNoStream() {
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.advance(100);
        world.sendMedia(rtp(10)); // the stream starts at a keyframe
        // A camera's bug: bytes that are not RTP, sealed in the session like media.
        world.camera.sendMedia(VideoStream.MAIN, garbage(11, new byte[] {(byte) 0x80, (byte) 0xEF, 0, 1}), world.now);
        world.camera.sendMedia(
                VideoStream.MAIN, garbage(12, new byte[] {0x40, 96, 0, 12, 0, 0, 0, 0, 0, 0, 0, 1, 5}), world.now);
        world.advance(500);

        assertThat(viewer.droppedMedia()).isEqualTo(2);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Audio.class)).isEmpty();
        assertThat(viewer.videoProgress().packets()).isEqualTo(1);
        assertThat(world.pictures(ALICE)).containsExactly(10L);
    }

    /** Bytes that are no RTP packet (too short, the wrong version) on their way out as if they were. */
    private static OutgoingRtp garbage(int sequence, byte[] bytes) {
        return new OutgoingRtp(sequence, sequence * 3000L, 0x2222_2222L, true, false, bytes.length, bytes);
    }

    @Test
    void aKeyframeRequestBeforeAdmissionSendsNothing() {
        world.blocked = (from, to) -> true;
        ViewerEndpoint viewer = world.viewer(ALICE);
        int before = world.wire.size();
        viewer.requestKeyframe(world.now);
        world.flush();
        assertThat(world.wire).hasSize(before);
    }

    @Test
    void closingALiveViewerSaysByeAndEndsItWithoutAFailure() {
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.advance(100);
        int before = world.wire.size();
        viewer.close(world.now);
        world.flush();

        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.ENDED);
        assertThat(failures()).isEmpty();
        assertThat(world.wire.subList(before, world.wire.size()))
                .anyMatch(sent -> sent.from().equals(ALICE)
                        && sent.to().equals(CAMERA)
                        && SessionPacket.isSessionPacket(sent.data(), 0, sent.data().length));
        assertThat(world.camera.viewers()).isZero();
    }

    @Test
    void aViewerClosedWhileItLooksUpIgnoresTheCloudsLateAnswerAndAsksNothingMore() {
        world.blocked = (from, to) -> from.equals(CLOUD) && to.equals(ALICE); // the answer is late
        ViewerEndpoint viewer = world.viewer(ALICE);
        world.flush();
        EndpointWorld.Sent lateAnswer = world.wire.stream()
                .filter(sent -> sent.from().equals(CLOUD) && sent.to().equals(ALICE))
                .reduce((first, second) -> second)
                .orElseThrow();
        viewer.close(world.now);
        int before = world.wire.size();

        viewer.handleDatagram(lateAnswer.data(), 0, lateAnswer.data().length, CLOUD, world.now);
        world.advance(10_500);

        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.ENDED);
        assertThat(world.viewerEvents.get(ALICE)).isEmpty();
        assertThat(world.wire.subList(before, world.wire.size()))
                .as("nothing from the closed viewer")
                .noneMatch(sent -> sent.from().equals(ALICE));
    }

    @Test
    void theViewerProbesTheCamerasRegisteredAddressAndItsAuthenticatedCandidatesOnly() {
        InetSocketAddress decoy = address("192.0.2.99", 9);
        world.injectedCandidates = List.of(Candidate.local(decoy)); // the cloud adds to the forward
        // and, after the camera's registered address, to the result: as a reflexive one and as a local one
        world.injectedResultCandidates =
                List.of(Candidate.reflexive(address("192.0.2.98", 9)), Candidate.local(address("192.0.2.97", 9)));
        world.blocked = (from, to) -> from.equals(CAMERA) && !to.equals(CLOUD); // keep the viewer probing
        world.viewer(ALICE, Password.of(EndpointWorld.PASSWORD), KeyPair.generate(EndpointWorld.seeded(11)));
        world.advance(400);

        assertThat(world.wire.stream()
                        .filter(sent -> sent.from().equals(ALICE)
                                && SessionPacket.isSessionPacket(sent.data(), 0, sent.data().length))
                        .map(EndpointWorld.Sent::to)
                        .distinct())
                .containsExactly(CAMERA);
    }
}
