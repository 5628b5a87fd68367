package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import io.p2pcam.protocol.session.VideoStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * An admitted viewer that asks for keyframes without pause (docs/PROTOCOL.md §10.6, §10.9): PLIs,
 * old-style KEYFRAME_REQUESTs, or SELECT_STREAMs flipping between the streams, each of which
 * forces the encoder of a stream others watch to make an IDR picture (5-10 times a predicted one's
 * bits, taken from the same bitrate: everyone's picture gets worse). One viewer's asks reach the
 * encoder about as often as an honest viewer's on a bad path, never as often as it sends them; an
 * ask held back is passed on when its turn comes, not dropped.
 */
class KeyframeAbuseTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress MALLORY = address("192.0.2.66", 50066);
    private static final long MAIN_SSRC = 0x1111_1111L;
    private final EndpointWorld world = new EndpointWorld(4);

    /** The admitted viewers' session IDs, in order of admission (kept: the tests clear the events). */
    private final List<Integer> sessions = new ArrayList<>();

    private int session(int index) {
        return sessions.get(index);
    }

    private void noteSessions() {
        world.cameraEvents(CameraEvent.ViewerAdmitted.class).forEach(admitted -> sessions.add(admitted.sessionId()));
    }

    private long keyframeAsks(int session) {
        return world.cameraEvents(CameraEvent.KeyframeRequested.class).stream()
                .filter(request -> request.sessionId() == session)
                .count();
    }

    /**
     * Sends what Mallory's session sealed: packets sent on the session directly (not through the
     * endpoint's own calls) wait in it until the endpoint next drains it, as on a timeout.
     */
    private void push(ViewerEndpoint viewer) {
        viewer.handleTimeout(world.now);
        world.flush();
    }

    /** Alice and Mallory live on the main stream, which has sent a keyframe; returns Mallory's session. */
    private ViewerEndpoint bothLive() {
        world.viewer(ALICE);
        ViewerEndpoint mallory = world.viewer(MALLORY);
        world.advance(300);
        assertThat(world.viewerEvents(MALLORY, ViewerEvent.Live.class)).isNotEmpty();
        world.sendMedia(RtpCodec.encode(new RtpPacket(96, true, 1, 3000, MAIN_SSRC, new byte[] {0x65, 1})));
        noteSessions();
        world.cameraEvents.clear();
        return mallory;
    }

    /** Mallory does {@code ask} (with the tick's number) every 10 ms for 10 s, each delivered at once. */
    private void everyTenMillisecondsForTenSeconds(ViewerEndpoint mallory, IntConsumer ask) {
        for (int tick = 0; tick < 1_000; tick++) {
            ask.accept(tick);
            push(mallory);
            world.advance(10);
        }
    }

    @Test
    void aViewerSendingAPliEveryTenMillisecondsGetsAboutOneKeyframeASecond() {
        ViewerEndpoint mallory = bothLive();
        byte[] pli = RtcpCodec.encode(new RtcpPacket.Pli(0x6666_6666L, 0));

        everyTenMillisecondsForTenSeconds(mallory, tick -> mallory.session().sendFeedback(pli, world.now));

        assertThat(world.camera.link(session(1)).plisReceived()).isGreaterThanOrEqualTo(1_000);
        assertThat(keyframeAsks(session(1))).isBetween(8L, 12L);
        assertThat(keyframeAsks(session(0))).isZero();
    }

    @Test
    void oldStyleKeyframeRequestsAreHeldToTheSameBudget() {
        ViewerEndpoint mallory = bothLive();

        everyTenMillisecondsForTenSeconds(mallory, tick -> mallory.session().requestKeyframe(world.now));

        assertThat(keyframeAsks(session(1))).isBetween(8L, 12L);
    }

    @Test
    void aViewerFlippingBetweenTheStreamsGetsAboutOneKeyframeASecondForBothTogether() {
        ViewerEndpoint mallory = bothLive();

        everyTenMillisecondsForTenSeconds(
                mallory,
                tick -> mallory.session().selectStream(tick % 2 == 0 ? VideoStream.SUB : VideoStream.MAIN, world.now));

        assertThat(keyframeAsks(session(1))).isBetween(8L, 12L);
    }

    @Test
    void anAskHeldBackIsPassedOnWhenItsTurnComesForTheStreamTheViewerWatchesThen() {
        ViewerEndpoint mallory = bothLive();
        byte[] pli = RtcpCodec.encode(new RtcpPacket.Pli(0x6666_6666L, 0));
        for (int i = 0; i < 3; i++) { // a burst: the first ones go at once, the rest wait their turn
            mallory.session().sendFeedback(pli, world.now);
            push(mallory);
        }
        long atOnce = keyframeAsks(session(1));
        mallory.session().selectStream(VideoStream.SUB, world.now);
        push(mallory);

        world.advance(1_100);

        // Its budget let two asks go at once, but the main stream is keyed at most once a second
        // (ForcedKeyframes): the second waited for the main stream's next ask, and was dropped
        // when Mallory left the main stream; the third, owed, went for the sub-stream.
        assertThat(atOnce).isEqualTo(1);
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .filteredOn(request -> request.sessionId() == session(1))
                .extracting(CameraEvent.KeyframeRequested::stream)
                .containsExactly(VideoStream.MAIN, VideoStream.SUB);
    }

    @Test
    void aViewerReconnectingAndAskingEachTimeKeepsOneBudgetForItsKey() {
        world.viewer(ALICE);
        world.advance(300);
        world.cameraEvents.clear();
        KeyPair mallorysKey = KeyPair.generate(EndpointWorld.seeded(66));
        byte[] pli = RtcpCodec.encode(new RtcpPacket.Pli(0x6666_6666L, 0));

        // Every half second a new connect with the same key: once live, a PLI on the main stream
        // and a switch to the sub-stream, two asks a fresh budget would pass at once.
        for (int connect = 0; connect < 20; connect++) {
            ViewerEndpoint mallory = world.viewer(
                    address("192.0.2.66", 51000 + connect), Password.of(EndpointWorld.PASSWORD), mallorysKey);
            world.advance(100);
            assertThat(mallory.session()).as("connect %d live", connect).isNotNull();
            mallory.session().sendFeedback(pli, world.now);
            push(mallory);
            mallory.session().selectStream(VideoStream.SUB, world.now);
            push(mallory);
            world.advance(400);
            mallory.close(world.now);
            world.flush();
        }

        List<Integer> mallorysSessions = world.cameraEvents(CameraEvent.ViewerAdmitted.class).stream()
                .filter(admitted -> admitted.viewerName().startsWith("viewer 51"))
                .map(CameraEvent.ViewerAdmitted::sessionId)
                .toList();
        assertThat(mallorysSessions).hasSize(20);
        // Its asks over the 10 s, both streams together: 2 at once, then one a second (and a third
        // of its first keyframes, FirstKeyframes: 2 at once, one per 10 s), not a full budget per connect
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .filteredOn(request -> mallorysSessions.contains(request.sessionId()))
                .hasSizeLessThanOrEqualTo(2 + 10 + 3);
    }

    @Test
    void anHonestViewerAskingEveryHalfSecondUntilItsKeyframeComesIsAnsweredAtOnceThenASecondAfter() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        world.sendMedia(RtpCodec.encode(new RtpPacket(96, true, 1, 3000, MAIN_SSRC, new byte[] {0x65, 1})));
        noteSessions();
        world.cameraEvents.clear();

        alice.requestKeyframe(world.now);
        world.flush();
        assertThat(keyframeAsks(session(0))).isEqualTo(1);
        world.advance(500);
        alice.requestKeyframe(world.now); // its keyframe was lost: no keyframe went out since
        world.flush();
        assertThat(keyframeAsks(session(0)))
                .as("the stream's encoder is asked at most once a second (ForcedKeyframes)")
                .isEqualTo(1);
        world.advance(500);

        assertThat(keyframeAsks(session(0))).isEqualTo(2);
    }
}
