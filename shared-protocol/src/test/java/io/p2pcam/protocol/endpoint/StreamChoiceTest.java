package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.session.VideoStream;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * The viewer's fallback to the sub-stream on its own (decision 0042), one look a second as the
 * endpoint's repeat timer gives it: when the main stream breaks, for how long, and when it comes back;
 * and a camera without a sub-stream, which refuses the ask and keeps sending the main stream.
 */
class StreamChoiceTest {
    private final ArrayDeque<ViewerEvent> events = new ArrayDeque<>();
    private final StreamChoice choice = new StreamChoice(events);
    private long now = 1_000;
    private long givenUp;
    /** Whether the camera has a sub-stream: it moves the viewer to it when asked. */
    private boolean cameraHasSub = true;
    /** Whether the viewer's SELECT_STREAMs reach the camera (a lossy path may lose every one for a while). */
    private boolean asksArrive = true;
    /** Packets a second that reach the viewer. */
    private int arriving = 30;

    private long ssrc = MAIN_SSRC;
    /** The main stream's SSRC: a camera may restart its encoder under a new one. */
    private long mainSsrc = MAIN_SSRC;
    /** The main stream's size: a camera may reopen its encoder at another one. */
    private PictureSize mainSize = MAIN_SIZE;

    private long streamPackets;
    private static final long MAIN_SSRC = 0x1111_1111L;
    private static final long SUB_SSRC = 0x5555_5555L;
    private static final PictureSize MAIN_SIZE = new PictureSize(1280, 720);
    private static final PictureSize SUB_SIZE = new PictureSize(640, 360);

    /** A second passes; {@code broke}: packets were given up in it. */
    private void second(boolean broke) {
        now += ViewerEndpoint.SELECTION_REFRESH_MILLIS;
        givenUp += broke ? 3 : 0;
        // What the camera sent in that second, on the choice asked for at its start.
        ssrc = choice.asked() == VideoStream.SUB && cameraHasSub && asksArrive ? SUB_SSRC : mainSsrc;
        streamPackets += arriving;
        choice.handleTimeout(null, stats(), video(), now);
    }

    private VideoReceiver.Progress video() {
        return new VideoReceiver.Progress(
                streamPackets,
                streamPackets * 1000,
                ssrc,
                streamPackets,
                VideoReceiver.FirstUnit.KEYFRAME,
                0,
                ssrc == SUB_SSRC ? SUB_SIZE : mainSize);
    }

    private MediaReceiver.Stats stats() {
        return new MediaReceiver.Stats(1000, 50, 40, givenUp, 0, 0, 0, 20, 1, 30);
    }

    /** The session is live: the first look, the counters known from now. */
    private void live() {
        choice.handleTimeout(null, stats(), video(), now);
    }

    @Test
    void aFewBrokenSecondsSpreadOverTheWindowDoNotMoveTheViewer() {
        choice.want(VideoStream.MAIN);
        live();
        for (int i = 0; i < 60; i++) {
            second(i % 6 == 0); // one broken second in six: loss the retransmissions mostly mend
        }
        assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
        assertThat(events).isEmpty();
    }

    @Test
    void theMainStreamBreakingInThreeOfTenSecondsMovesTheViewerToTheSubStreamForAHold() {
        choice.want(VideoStream.MAIN);
        live();
        second(true);
        second(false);
        second(true);
        assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
        second(true);

        assertThat(choice.asked()).isEqualTo(VideoStream.SUB);
        assertThat(choice.wanted()).as("the choice is still the main stream").isEqualTo(VideoStream.MAIN);
        assertThat(events).as("reported once the sub-stream arrives").isEmpty();
        second(true);
        assertThat(events).containsExactly(new ViewerEvent.StreamFallback(true, StreamChoice.FIRST_HOLD_MILLIS));

        for (long t = 0; t < StreamChoice.FIRST_HOLD_MILLIS - 1_000; t += 1_000) {
            second(true); // the sub-stream's counters do not count against the main one
        }
        assertThat(choice.asked()).isEqualTo(VideoStream.SUB);
        second(false);
        assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
        assertThat(events).endsWith(new ViewerEvent.StreamFallback(false, 0));
    }

    @Test
    void breakingAgainSoonAfterAReturnDoublesTheHoldUpToItsBoundAndHoldingResetsIt() {
        choice.want(VideoStream.MAIN);
        live();
        long expected = StreamChoice.FIRST_HOLD_MILLIS;
        for (int round = 0; round < 6; round++) {
            second(true);
            second(true);
            second(true);
            second(false); // the sub-stream arrives
            assertThat(events.pollLast()).isEqualTo(new ViewerEvent.StreamFallback(true, expected));
            while (choice.asked() == VideoStream.SUB) {
                second(false);
            }
            expected = Math.min(2 * expected, StreamChoice.MAX_HOLD_MILLIS);
        }
        for (long t = 0; t < StreamChoice.CLEAN_MILLIS; t += 1_000) {
            second(false); // the main stream holds for a minute
        }
        second(true);
        second(true);
        second(true);
        second(false);
        assertThat(events.pollLast()).isEqualTo(new ViewerEvent.StreamFallback(true, StreamChoice.FIRST_HOLD_MILLIS));
    }

    @Test
    void choosingAStreamAnewEndsAFallbackAndAViewerOfTheSubStreamNeverFallsBack() {
        choice.want(VideoStream.SUB);
        live();
        for (int i = 0; i < 20; i++) {
            second(true);
        }
        assertThat(events).isEmpty();

        choice.want(VideoStream.MAIN);
        second(true);
        second(true);
        second(true);
        assertThat(choice.asked()).isEqualTo(VideoStream.SUB);
        choice.want(VideoStream.SUB);
        choice.want(VideoStream.MAIN); // the user enlarged the tile again: the main stream it is
        assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
    }

    @Test
    void aNewChoiceDuringAFallbackReportsTheReturnSoNobodyGoesOnClaimingTheSubStream() {
        choice.want(VideoStream.MAIN);
        live();
        second(true);
        second(true);
        second(true);
        second(false);
        assertThat(events).containsExactly(new ViewerEvent.StreamFallback(true, StreamChoice.FIRST_HOLD_MILLIS));

        choice.want(VideoStream.SUB); // the user shrank the tile

        assertThat(events).endsWith(new ViewerEvent.StreamFallback(false, 0));
    }

    /** The main stream breaks until the viewer asks for the sub-stream, then the ask goes unanswered. */
    private void askUnanswered() {
        for (int i = 0; i < StreamChoice.WINDOW_SECONDS && choice.asked() == VideoStream.MAIN; i++) {
            second(true);
        }
        assertThat(choice.asked()).as("the main stream broke: it asks").isEqualTo(VideoStream.SUB);
        for (long t = 0; t < SubStreamAnswer.ANSWER_MILLIS - 1_000; t += 1_000) {
            second(true);
            assertThat(choice.asked())
                    .as("a lost SELECT_STREAM is no refusal yet")
                    .isEqualTo(VideoStream.SUB);
        }
        second(true);
        assertThat(choice.asked()).as("the main stream kept coming").isEqualTo(VideoStream.MAIN);
    }

    /** The path lets SELECT_STREAMs through again: the main stream breaks anew, the viewer asks, the sub-stream comes. */
    private void theNextAskGetsThrough() {
        asksArrive = true;
        for (int i = 0; i < StreamChoice.WINDOW_SECONDS && choice.asked() == VideoStream.MAIN; i++) {
            second(true);
        }
        assertThat(choice.asked())
                .as("the main stream broke again: it asks again")
                .isEqualTo(VideoStream.SUB);
        second(true);
        assertThat(events).containsExactly(new ViewerEvent.StreamFallback(true, StreamChoice.FIRST_HOLD_MILLIS));
    }

    @Test
    void aCameraWithoutASubStreamIsNoticedAfterThreeUnansweredAsksAndTheViewerNeverFallsBackAgainInThisSession() {
        cameraHasSub = false;
        choice.want(VideoStream.MAIN);
        live();
        for (int ask = 0; ask < StreamChoice.UNANSWERED_ASKS; ask++) {
            askUnanswered();
        }

        for (int i = 0; i < 600; i++) {
            second(true);
            assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
        }
        assertThat(events)
                .as("no fallback is claimed: the sub-stream never came")
                .isEmpty();
    }

    @Test
    void anAskWhoseEverySelectStreamWasLostIsNoRefusalTheViewerAsksAgainAndTheSubStreamThenStartsTheHold() {
        choice.want(VideoStream.MAIN);
        live();
        asksArrive = false; // the path towards the camera loses all five SELECT_STREAMs of the wait
        askUnanswered();
        assertThat(events)
                .as("nothing to report: the viewer never left the main stream")
                .isEmpty();

        theNextAskGetsThrough();
    }

    /**
     * The main stream breaks, the viewer asks, the camera does not hear it and reopens the main
     * stream's encoder under a new SSRC at {@code size} during the wait: the ask goes unanswered.
     */
    private void theMainStreamReopensDuringAnUnansweredAsk(PictureSize size) {
        choice.want(VideoStream.MAIN);
        live();
        asksArrive = false; // the camera does not move the viewer
        second(true);
        second(true);
        second(true);
        assertThat(choice.asked()).isEqualTo(VideoStream.SUB);

        mainSsrc = 0x2222_2222L; // a bitrate or resolution reopen
        mainSize = size;
        for (long t = 0; t < SubStreamAnswer.ANSWER_MILLIS; t += 1_000) {
            second(true);
        }

        assertThat(events)
                .as("no fallback claimed: the viewer never left the main stream")
                .isEmpty();
        assertThat(choice.asked()).as("the ask went unanswered").isEqualTo(VideoStream.MAIN);
    }

    @Test
    void theMainStreamRestartedUnderANewSsrcDuringTheWaitIsNotTakenForTheSubStream() {
        theMainStreamReopensDuringAnUnansweredAsk(MAIN_SIZE);
        theNextAskGetsThrough(); // the sub-stream, smaller, is the move
    }

    @Test
    void aSilentPathIsNoRefusalTheSubStreamArrivingLaterStillStartsTheHold() {
        choice.want(VideoStream.MAIN);
        live();
        second(true);
        second(true);
        second(true);
        arriving = 0;
        ssrc = MAIN_SSRC;
        for (int i = 0; i < 10; i++) {
            now += 1_000; // nothing arrives: the camera's move cannot show
            choice.handleTimeout(null, stats(), video(), now);
        }
        assertThat(choice.asked()).isEqualTo(VideoStream.SUB);
        assertThat(events).isEmpty();

        arriving = 30;
        second(false);
        assertThat(events).containsExactly(new ViewerEvent.StreamFallback(true, StreamChoice.FIRST_HOLD_MILLIS));
    }

    // A camera that lists its streams in the welcome (decision 0044): the viewer no longer guesses.

    @Test
    void aCameraThatListedNoSubStreamIsNeverAskedForOneNeitherOnAFallbackNorForASmallTile() {
        cameraHasSub = false;
        choice.listed(new AnnouncedStreams(true, PictureSize.UNKNOWN));
        choice.want(VideoStream.MAIN);
        live();
        for (int i = 0; i < 60; i++) {
            second(true);
            assertThat(choice.asked())
                    .as("the main stream breaks, but there is nothing to fall back to")
                    .isEqualTo(VideoStream.MAIN);
        }

        choice.want(VideoStream.SUB); // the tile shrank into a grid
        assertThat(choice.asked())
                .as("the SELECT_STREAMs ask for the main stream, the one the camera has")
                .isEqualTo(VideoStream.MAIN);
        assertThat(choice.wanted()).isEqualTo(VideoStream.SUB);
        assertThat(events).isEmpty();
    }

    @Test
    void aCameraThatListedASubStreamIsNeverTakenForOneWithoutEvenWhenEveryAskIsLost() {
        choice.listed(new AnnouncedStreams(true, SUB_SIZE));
        choice.want(VideoStream.MAIN);
        live();
        asksArrive = false; // a path that loses every SELECT_STREAM of more asks than a guess allows
        for (int ask = 0; ask < StreamChoice.UNANSWERED_ASKS + 2; ask++) {
            askUnanswered();
        }
        assertThat(events).isEmpty();

        theNextAskGetsThrough();
    }

    @Test
    void theMainStreamReopenedSmallerDuringTheWaitIsNotTakenForTheListedSubStream() {
        choice.listed(new AnnouncedStreams(true, SUB_SIZE));
        theMainStreamReopensDuringAnUnansweredAsk(new PictureSize(960, 540)); // smaller, not the sub's size
        theNextAskGetsThrough(); // the sub-stream, at its listed size, is the move
    }
}
