package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.recovery.Pacer;
import io.p2pcam.protocol.session.SessionPacket;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.SpsBytes;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Main and sub-stream (docs/PROTOCOL.md §10.9) between real endpoints in memory: a viewer's
 * SELECT_STREAM moves it to the other stream at that stream's next keyframe, the camera reports
 * which streams are watched so that it encodes only those, and a camera without a sub-stream
 * keeps the viewer where it is.
 */
class StreamSelectionTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress BOB = address("192.0.2.22", 50002);
    private static final long MAIN_SSRC = 0x1111_1111L;
    private static final long SUB_SSRC = 0x5555_5555L;
    private final EndpointWorld world = new EndpointWorld(4);

    private static byte[] packet(long ssrc, int sequence, boolean endsPicture, int nalHeader) {
        return RtpCodec.encode(
                new RtpPacket(96, endsPicture, sequence, sequence * 3000L, ssrc, new byte[] {(byte) nalHeader, 1}));
    }

    private static final byte[] MAIN_SPS = SpsBytes.baseline(1280, 720);
    private static final byte[] SUB_SPS = SpsBytes.baseline(640, 360);

    /**
     * One picture of {@code stream} from sequence number {@code sequence}, at {@code sequence} x
     * 3000: when {@code keyframe}, its SPS ({@code sps}: the stream's size) then an IDR slice, as
     * §10.2 has every keyframe; else a predicted slice. Returns the next sequence number.
     */
    private static int picture(
            EndpointWorld world, VideoStream stream, long ssrc, int sequence, boolean keyframe, byte[] sps) {
        long timestamp = sequence * 3000L;
        if (keyframe) {
            world.sendMedia(stream, RtpCodec.encode(new RtpPacket(96, false, sequence++, timestamp, ssrc, sps)));
        }
        byte[] slice = {(byte) (keyframe ? 0x65 : 0x41), 1};
        world.sendMedia(stream, RtpCodec.encode(new RtpPacket(96, true, sequence++, timestamp, ssrc, slice)));
        return sequence;
    }

    /** A keyframe (SPS, then IDR) and a predicted picture of one stream. */
    private void sendPictures(VideoStream stream, long ssrc, int firstSequence) {
        world.sendMedia(stream, packet(ssrc, firstSequence, false, 0x67));
        world.sendMedia(stream, packet(ssrc, firstSequence + 1, true, 0x65));
        world.sendMedia(stream, packet(ssrc, firstSequence + 2, true, 0x41));
    }

    private int session(int index) {
        return world.cameraEvents(CameraEvent.ViewerAdmitted.class).get(index).sessionId();
    }

    @Test
    void aNewViewerWatchesTheMainStreamAndTheMainEncoderIsWantedFromTheFirstViewerOn() {
        world.viewer(ALICE);
        world.advance(100);

        assertThat(world.cameraEvents(CameraEvent.StreamDemand.class))
                .extracting(CameraEvent.StreamDemand::stream, CameraEvent.StreamDemand::watched)
                .containsExactly(tuple(VideoStream.MAIN, true));
        assertThat(world.camera.streamOf(session(0))).isEqualTo(VideoStream.MAIN);
        assertThat(world.camera.watched(VideoStream.SUB)).isFalse();
    }

    @Test
    void aViewerThatSelectsTheSubStreamGetsItFromItsNextKeyframeAndNothingMoreOfTheMainStream() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        sendPictures(VideoStream.MAIN, MAIN_SSRC, 1);
        int alicesSession = session(0);
        world.cameraEvents.clear();

        alice.selectStream(VideoStream.SUB, world.now);
        world.flush();
        // The sub-stream's encoder was idle: its picture in progress is no place to start.
        world.sendMedia(VideoStream.SUB, packet(SUB_SSRC, 100, true, 0x41));
        world.sendMedia(VideoStream.MAIN, packet(MAIN_SSRC, 4, true, 0x41));
        sendPictures(VideoStream.SUB, SUB_SSRC, 101);
        world.advance(200);

        assertThat(world.camera.streamOf(alicesSession)).isEqualTo(VideoStream.SUB);
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .as("the switch asks the sub encoder for a keyframe for this viewer")
                .extracting(CameraEvent.KeyframeRequested::sessionId, CameraEvent.KeyframeRequested::stream)
                .containsExactly(tuple(alicesSession, VideoStream.SUB));
        assertThat(world.cameraEvents(CameraEvent.StreamDemand.class))
                .extracting(CameraEvent.StreamDemand::stream, CameraEvent.StreamDemand::watched)
                .containsExactlyInAnyOrder(tuple(VideoStream.SUB, true), tuple(VideoStream.MAIN, false));
        assertThat(world.pictures(ALICE)).containsExactly(1L, 2L, 3L, 101L, 102L, 103L);
    }

    @Test
    void eachStreamIsWatchedWhileAtLeastOneViewerHasItAndUnwatchedAfterTheLastLeaves() {
        ViewerEndpoint alice = world.viewer(ALICE);
        ViewerEndpoint bob = world.viewer(BOB);
        world.advance(100);
        alice.selectStream(VideoStream.SUB, world.now);
        world.flush();
        assertThat(world.camera.watched(VideoStream.MAIN))
                .as("bob still watches main")
                .isTrue();
        assertThat(world.camera.watched(VideoStream.SUB)).isTrue();

        bob.selectStream(VideoStream.SUB, world.now);
        world.flush();
        assertThat(world.camera.watched(VideoStream.MAIN)).isFalse();

        alice.close(world.now);
        world.flush();
        assertThat(world.camera.watched(VideoStream.SUB))
                .as("bob still watches sub")
                .isTrue();
        bob.close(world.now);
        world.flush();

        assertThat(world.cameraEvents(CameraEvent.StreamDemand.class))
                .extracting(CameraEvent.StreamDemand::stream, CameraEvent.StreamDemand::watched)
                .containsExactly(
                        tuple(VideoStream.MAIN, true),
                        tuple(VideoStream.SUB, true),
                        tuple(VideoStream.MAIN, false),
                        tuple(VideoStream.SUB, false));
    }

    @Test
    void backToTheMainStreamTheViewerStartsAtTheMainStreamsNextKeyframe() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        alice.selectStream(VideoStream.SUB, world.now);
        world.flush();
        sendPictures(VideoStream.SUB, SUB_SSRC, 100);

        alice.selectStream(VideoStream.MAIN, world.now);
        world.flush();
        world.sendMedia(VideoStream.MAIN, packet(MAIN_SSRC, 7, true, 0x41));
        sendPictures(VideoStream.MAIN, MAIN_SSRC, 8);
        world.advance(200);
        assertThat(world.pictures(ALICE)).containsExactly(100L, 101L, 102L, 8L, 9L, 10L);
    }

    /** One picture of {@code size} payload bytes: a predicted picture in one packet. */
    private static byte[] bigPicture(long ssrc, int sequence, int size) {
        byte[] payload = new byte[size];
        payload[0] = 0x41;
        return RtpCodec.encode(new RtpPacket(96, true, sequence, sequence * 3000L, ssrc, payload));
    }

    /**
     * Sends a keyframe and {@code count} pictures of 1000 bytes of {@code stream} at one instant
     * (as an encoder hands a group over), then lets the pacers work for {@code millis}.
     */
    private void burst(VideoStream stream, long ssrc, int firstSequence, int count, long millis) {
        sendPictures(stream, ssrc, firstSequence);
        for (int i = 0; i < count; i++) {
            world.sendMedia(stream, bigPicture(ssrc, firstSequence + 3 + i, 1000));
        }
        world.advance(millis);
    }

    @Test
    void eachViewerIsPacedAtTheBitrateOfTheStreamItWatchesNotAtTheMainStreams() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.viewer(BOB);
        world.advance(100);
        sendPictures(VideoStream.MAIN, MAIN_SSRC, 1);
        world.advance(2 * Pacer.JOIN_WINDOW_MILLIS); // past the join allowance: steady pacing only
        // Rate control lowered the main stream to its floor; the sub-stream runs at its own rate.
        world.camera.setMediaBitrate(VideoStream.MAIN, 80_000, world.now);
        world.camera.setMediaBitrate(VideoStream.SUB, 800_000, world.now);
        alice.selectStream(VideoStream.SUB, world.now);
        world.flush();

        // 20 kB in 100 ms: 2.5 x 800 kbit/s paces ~25 kB, 2.5 x 80 kbit/s ~2.5 kB.
        burst(VideoStream.SUB, SUB_SSRC, 100, 20, 100);
        burst(VideoStream.MAIN, MAIN_SSRC, 4, 20, 100);

        assertThat(world.pictures(ALICE))
                .as("the sub-stream viewer's group left at the sub-stream's pace")
                .hasSize(3 + 23);
        assertThat(world.pictures(BOB))
                .as("the main-stream viewer is still held to the lowered main rate")
                .hasSizeLessThan(3 + 8);
    }

    @Test
    void aViewerThatMovesBackToTheMainStreamIsPacedAtTheMainStreamsBitrateAgain() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        sendPictures(VideoStream.MAIN, MAIN_SSRC, 1);
        world.advance(2 * Pacer.JOIN_WINDOW_MILLIS);
        world.camera.setMediaBitrate(VideoStream.MAIN, 80_000, world.now);
        world.camera.setMediaBitrate(VideoStream.SUB, 800_000, world.now);
        alice.selectStream(VideoStream.SUB, world.now);
        world.flush();
        burst(VideoStream.SUB, SUB_SSRC, 100, 20, 100);
        alice.selectStream(VideoStream.MAIN, world.now);
        world.flush();

        burst(VideoStream.MAIN, MAIN_SSRC, 4, 20, 100);

        assertThat(world.pictures(ALICE)).filteredOn(picture -> picture < 100).hasSizeLessThan(3 + 8);
    }

    @Test
    void aViewerWhoseMainStreamKeepsBreakingMovesToTheSubStreamAndTheOtherViewerStaysOnMain() {
        ViewerEndpoint alice = world.viewer(ALICE);
        ViewerEndpoint bob = world.viewer(BOB);
        world.advance(100);
        alice.selectStream(VideoStream.MAIN, world.now); // a large tile: the main stream is chosen
        bob.selectStream(VideoStream.MAIN, world.now);
        world.flush();
        java.util.Random lossy = new java.util.Random(7);
        world.blocked = (from, to) -> to.equals(ALICE) && lossy.nextDouble() < 0.6; // a path that cannot carry it

        int main = 1;
        int sub = 5000;
        for (int picture = 0; picture < 30 * 9; picture++) {
            main = picture(world, VideoStream.MAIN, MAIN_SSRC, main, picture % 30 == 0, MAIN_SPS);
            sub = picture(world, VideoStream.SUB, SUB_SSRC, sub, picture % 30 == 0, SUB_SPS); // to its viewers
            world.advance(33);
        }

        assertThat(world.camera.streamOf(session(0))).isEqualTo(VideoStream.SUB);
        assertThat(world.camera.streamOf(session(1))).isEqualTo(VideoStream.MAIN);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.StreamFallback.class))
                .containsExactly(new ViewerEvent.StreamFallback(true, 30_000));
        assertThat(world.viewerEvents(BOB, ViewerEvent.StreamFallback.class)).isEmpty();
    }

    @Test
    void aPathThatLosesEveryAskOfTheFirstWaitStillFallsBackWhenItLetsALaterAskThrough() {
        ViewerEndpoint alice = aliceOnAPathBreakingHerMainStream(world);
        boolean[] firstAskOver = {false};
        // Towards the camera the path loses every SELECT_STREAM (a sealed one-byte body) of the first
        // ask, as it does one time in ten at 60 % loss; other packets pass (the session stays up).
        world.lost = sent ->
                sent.from().equals(ALICE) && sent.data().length == SessionPacket.OVERHEAD + 1 && !firstAskOver[0];

        boolean asked = false;
        int main = 1;
        int sub = 5000;
        long deadline = world.now + 60_000;
        for (int picture = 0;
                world.viewerEvents(ALICE, ViewerEvent.StreamFallback.class).isEmpty() && world.now < deadline;
                picture++) {
            main = picture(world, VideoStream.MAIN, MAIN_SSRC, main, picture % 30 == 0, MAIN_SPS);
            sub = picture(world, VideoStream.SUB, SUB_SSRC, sub, picture % 30 == 0, SUB_SPS);
            world.advance(33);
            asked |= alice.askedStream() == VideoStream.SUB;
            firstAskOver[0] |= asked && alice.askedStream() == VideoStream.MAIN; // unanswered: back to main
        }

        assertThat(firstAskOver[0]).as("the first ask went unanswered").isTrue();
        assertThat(world.camera.streamOf(session(0))).isEqualTo(VideoStream.SUB);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.StreamFallback.class))
                .containsExactly(new ViewerEvent.StreamFallback(true, 30_000));
    }

    @Test
    void theMainStreamRestartedUnderANewSsrcWhileTheViewerWaitsIsNotTakenForTheSubStream() {
        ViewerEndpoint alice = aliceOnAPathBreakingHerMainStream(world);
        // The camera never hears the asks: it keeps Alice on the main stream throughout.
        world.lost = sent -> sent.from().equals(ALICE) && sent.data().length == SessionPacket.OVERHEAD + 1;

        long mainSsrc = MAIN_SSRC;
        int main = 1;
        long restartedAt = -1;
        int sinceKeyframe = 0;
        for (int picture = 0; picture < 30 * 20; picture++, sinceKeyframe++) {
            if (restartedAt < 0 && alice.askedStream() == VideoStream.SUB) {
                mainSsrc = 0x2222_2222L; // its encoder reopened (a new bitrate): a new SSRC, the same size
                main = 30_000;
                restartedAt = world.now;
                sinceKeyframe = 0; // the new encoder starts at a keyframe
            }
            main = picture(world, VideoStream.MAIN, mainSsrc, main, sinceKeyframe % 30 == 0, MAIN_SPS);
            world.advance(33);
        }

        assertThat(restartedAt)
                .as("the viewer asked, and the main stream restarted meanwhile")
                .isPositive();
        assertThat(world.camera.streamOf(session(0))).isEqualTo(VideoStream.MAIN);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.StreamFallback.class))
                .as("no fallback is claimed: the new SSRC is the main stream at its size")
                .isEmpty();
    }

    @Test
    void theViewerRepeatsItsChoiceSoALostSelectionCostsASecondAtMost() {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        world.blocked = (from, to) -> from.equals(ALICE);
        alice.selectStream(VideoStream.SUB, world.now);
        world.flush();
        assertThat(world.camera.streamOf(session(0))).isEqualTo(VideoStream.MAIN);

        world.blocked = (from, to) -> false;
        world.advance(ViewerEndpoint.SELECTION_REFRESH_MILLIS);

        assertThat(world.camera.streamOf(session(0))).isEqualTo(VideoStream.SUB);
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .as("repeats of the same choice ask for nothing more")
                .filteredOn(request -> request.stream() == VideoStream.SUB)
                .hasSize(1);
        world.advance(3 * ViewerEndpoint.SELECTION_REFRESH_MILLIS);
        assertThat(world.cameraEvents(CameraEvent.KeyframeRequested.class))
                .filteredOn(request -> request.stream() == VideoStream.SUB)
                .hasSize(1);
    }

    /** A camera with no sub-stream that does not list its streams, as cameras before decision 0044. */
    private static final CameraStream UNLISTED_MAIN_ONLY = new CameraStream(1280, 720, 30, 0, 0, 30, false);

    @Test
    void aCameraWithoutASubStreamKeepsTheViewerOnTheMainStreamAndCountsTheRequest() {
        // A viewer of a camera that lists nothing asks, as every viewer did before the list.
        EndpointWorld mainOnly = new EndpointWorld(4, List.of(EndpointWorld.CLOUD), UNLISTED_MAIN_ONLY);
        ViewerEndpoint alice = mainOnly.viewer(ALICE);
        mainOnly.advance(100);
        mainOnly.cameraEvents.clear();

        alice.selectStream(VideoStream.SUB, mainOnly.now);
        mainOnly.flush();
        mainOnly.sendMedia(packet(MAIN_SSRC, 1, false, 0x67));
        mainOnly.sendMedia(packet(MAIN_SSRC, 2, true, 0x65));
        mainOnly.advance(100);

        assertThat(mainOnly.camera.refusedSelections()).isEqualTo(1);
        assertThat(mainOnly.cameraEvents(CameraEvent.KeyframeRequested.class)).isEmpty();
        assertThat(mainOnly.cameraEvents(CameraEvent.StreamDemand.class)).isEmpty();
        assertThat(mainOnly.pictures(ALICE)).containsExactly(1L, 2L);
    }

    /**
     * A camera without a sub-stream ({@code stream}) and Alice, live, who chose its main stream on a
     * path that loses 60 % of what goes to her: too much for the main stream.
     */
    private static EndpointWorld mainOnlyWorldBreakingAlicesMainStream(CameraStream stream) {
        EndpointWorld mainOnly = new EndpointWorld(4, List.of(EndpointWorld.CLOUD), stream);
        aliceOnAPathBreakingHerMainStream(mainOnly);
        return mainOnly;
    }

    /** Alice in {@code world}, live, having chosen the main stream on a path that loses 60 % towards her. */
    private static ViewerEndpoint aliceOnAPathBreakingHerMainStream(EndpointWorld world) {
        ViewerEndpoint alice = world.viewer(ALICE);
        world.advance(100);
        alice.selectStream(VideoStream.MAIN, world.now);
        world.flush();
        java.util.Random lossy = new java.util.Random(7);
        world.blocked = (from, to) -> to.equals(ALICE) && lossy.nextDouble() < 0.6;
        return alice;
    }

    @Test
    void whileTheViewerWaitsForTheCamerasAnswerToItsFallbackItSaysItAsksForTheSubStream() {
        EndpointWorld mainOnly = mainOnlyWorldBreakingAlicesMainStream(UNLISTED_MAIN_ONLY);
        ViewerEndpoint alice = (ViewerEndpoint) mainOnly.hosts.get(ALICE);

        int sequence = 1;
        long deadline = mainOnly.now + 20_000;
        while (mainOnly.camera.refusedSelections() == 0 && mainOnly.now < deadline) {
            mainOnly.sendMedia(packet(MAIN_SSRC, sequence, true, sequence % 30 == 1 ? 0x65 : 0x41));
            sequence++;
            mainOnly.advance(33);
        }

        assertThat(mainOnly.camera.refusedSelections()).as("the viewer asked").isPositive();
        assertThat(alice.askedStream())
                .as("what its SELECT_STREAMs ask for while it waits for the answer (probe's streamAskedAtEnd)")
                .isEqualTo(VideoStream.SUB);
    }

    @Test
    void aViewerOfACameraWithoutASubStreamStopsAskingAfterThreeUnansweredAsksAndNeverReportsAFallback() {
        EndpointWorld mainOnly = mainOnlyWorldBreakingAlicesMainStream(UNLISTED_MAIN_ONLY);
        ViewerEndpoint alice = (ViewerEndpoint) mainOnly.hosts.get(ALICE);

        int sequence = 1;
        int asks = 0;
        VideoStream askedBefore = VideoStream.MAIN;
        long refusedAfterFortySeconds = -1;
        for (int picture = 0; picture < 30 * 60; picture++) {
            mainOnly.sendMedia(packet(MAIN_SSRC, sequence++, true, picture % 30 == 0 ? 0x65 : 0x41));
            mainOnly.advance(33);
            asks += alice.askedStream() == VideoStream.SUB && askedBefore == VideoStream.MAIN ? 1 : 0;
            askedBefore = alice.askedStream();
            if (picture == 30 * 40) {
                refusedAfterFortySeconds = mainOnly.camera.refusedSelections();
            }
        }

        assertThat(asks)
                .as("one unanswered ask is no proof: it asked three times")
                .isEqualTo(StreamChoice.UNANSWERED_ASKS);
        assertThat(refusedAfterFortySeconds)
                .as("the camera refused the asks it heard")
                .isPositive();
        assertThat(mainOnly.camera.refusedSelections())
                .as("and the viewer stopped asking after the third went unanswered")
                .isEqualTo(refusedAfterFortySeconds);
        assertThat(alice.askedStream()).isEqualTo(VideoStream.MAIN);
        assertThat(mainOnly.viewerEvents(ALICE, ViewerEvent.StreamFallback.class))
                .as("no fallback is reported: the sub-stream never came")
                .isEmpty();
    }

    @Test
    void aViewerOfACameraThatListedNoSubStreamNeverAsksForOneNeitherForATileNorOnAFallback() {
        EndpointWorld mainOnly = mainOnlyWorldBreakingAlicesMainStream(new CameraStream(1280, 720, 30));
        ViewerEndpoint alice = (ViewerEndpoint) mainOnly.hosts.get(ALICE);

        int sequence = 1;
        for (int picture = 0; picture < 30 * 40; picture++) {
            mainOnly.sendMedia(packet(MAIN_SSRC, sequence++, true, picture % 30 == 0 ? 0x65 : 0x41));
            mainOnly.advance(33);
            assertThat(alice.askedStream()).isEqualTo(VideoStream.MAIN);
        }
        alice.selectStream(VideoStream.SUB, mainOnly.now); // the tile shrank into a grid
        mainOnly.advance(3 * ViewerEndpoint.SELECTION_REFRESH_MILLIS);

        assertThat(mainOnly.camera.refusedSelections())
                .as("not one SELECT_STREAM for a sub-stream the camera said it does not have")
                .isZero();
        assertThat(alice.askedStream()).isEqualTo(VideoStream.MAIN);
        assertThat(mainOnly.viewerEvents(ALICE, ViewerEvent.StreamFallback.class))
                .isEmpty();
    }
}
